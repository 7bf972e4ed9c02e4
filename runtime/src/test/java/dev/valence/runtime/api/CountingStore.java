package dev.valence.runtime.api;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.store.CachedResult;
import dev.valence.runtime.store.DispatchRecord;
import dev.valence.runtime.store.NodeRecord;
import dev.valence.runtime.store.ResultStore;
import dev.valence.runtime.store.StoredValue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A store that delegates everything and counts how many values were loaded: proof of lazy loading. */
final class CountingStore implements ResultStore {
    private final ResultStore delegate;
    final AtomicInteger valueLoads = new AtomicInteger();

    CountingStore(ResultStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public Optional<StoredValue> value(String fingerprint) {
        valueLoads.incrementAndGet();
        return delegate.value(fingerprint);
    }

    @Override
    public void createDispatch(DispatchRecord dispatch, List<NodeRecord> nodes, List<StoredValue> values) {
        delegate.createDispatch(dispatch, nodes, values);
    }

    @Override
    public void finishNode(String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
        delegate.finishNode(dispatchId, node, value, indexResult);
    }

    @Override
    public void finishDispatch(String dispatchId, DispatchStatus status, Instant endedAt, String error) {
        delegate.finishDispatch(dispatchId, status, endedAt, error);
    }

    @Override
    public Optional<CachedResult> lookup(String cacheKey, String fromDispatch) {
        return delegate.lookup(cacheKey, fromDispatch);
    }

    @Override
    public Optional<DispatchRecord> dispatch(String id) {
        return delegate.dispatch(id);
    }

    @Override
    public List<NodeRecord> nodes(String dispatchId) {
        return delegate.nodes(dispatchId);
    }

    @Override
    public List<DispatchRecord> dispatches() {
        return delegate.dispatches();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
