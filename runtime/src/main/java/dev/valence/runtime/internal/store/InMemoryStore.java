package dev.valence.runtime.internal.store;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Pruned;
import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.Coordination;
import dev.valence.runtime.spi.store.DispatchLog;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.Housekeeping;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.RecordedFailure;
import dev.valence.runtime.spi.store.ResultIndex;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import dev.valence.runtime.spi.store.ValueStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A store that keeps everything in memory and loses it on close: for tests, benchmarks and
 * throw-away runs. Same semantics as the embedded store, minus persistence and processes. Thread-safe.
 */
public final class InMemoryStore implements ResultStore, DispatchLog, ResultIndex, ValueStore, Housekeeping {
    private final Map<String, DispatchRecord> dispatches = new LinkedHashMap<>();
    private final Map<String, TreeMap<Integer, NodeRecord>> nodes = new HashMap<>();
    private final Map<String, CachedResult> results = new HashMap<>();
    private final Map<String, StoredValue> values = new HashMap<>();
    private boolean closed;

    /** Creates an empty store. */
    public InMemoryStore() {}

    @Override
    public synchronized void createDispatch(
            DispatchRecord dispatch, List<NodeRecord> nodeRecords, List<StoredValue> literals) {
        checkOpen();
        if (dispatches.containsKey(dispatch.id())) {
            throw new StoreException("dispatch " + dispatch.id() + " is already stored", null);
        }
        dispatches.put(dispatch.id(), dispatch);
        TreeMap<Integer, NodeRecord> byIndex = new TreeMap<>();
        nodeRecords.forEach(node -> byIndex.put(node.index(), node));
        nodes.put(dispatch.id(), byIndex);
        literals.forEach(value -> values.putIfAbsent(value.fingerprint(), value));
    }

    @Override
    public synchronized void startNode(String dispatchId, NodeRecord node) {
        checkOpen();
        nodes.computeIfAbsent(dispatchId, id -> new TreeMap<>()).put(node.index(), node);
    }

    /** Only this process sees the store, and it cancels its dispatches itself: there is nobody to ask. */
    @Override
    public synchronized boolean requestCancel(String dispatchId) {
        checkOpen();
        return false;
    }

    @Override
    public Set<String> cancelRequests(Collection<String> dispatchIds) {
        return Set.of();
    }

    @Override
    public synchronized CompletableFuture<Void> finishNode(
            String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
        checkOpen();
        if (value != null) {
            values.putIfAbsent(value.fingerprint(), value);
        }
        nodes.computeIfAbsent(dispatchId, id -> new TreeMap<>()).put(node.index(), node);
        if (indexResult && node.cacheKey() != null && node.valueFingerprint() != null) {
            results.put(node.cacheKey(), new CachedResult(node.valueFingerprint(), dispatchId, node.index()));
        }
        return CompletableFuture.completedFuture(null); // nothing to make durable
    }

    @Override
    public void checkpoint() {
        // Nothing is ever durable: there is nothing to flush.
    }

    @Override
    public DispatchLog dispatchLog() {
        return this;
    }

    @Override
    public ResultIndex resultIndex() {
        return this;
    }

    @Override
    public ValueStore values() {
        return this;
    }

    /** Keeps no files: storing a {@code CommandResult} fails its node with a message naming this store. */
    @Override
    public BlobStore blobs() {
        throw new UnsupportedOperationException("the store " + getClass().getName()
                + " keeps no files (it has no BlobStore); use the embedded SQLite store (Valence.open(folder))");
    }

    /** Only this process ever sees the store. */
    @Override
    public Coordination coordination() {
        return Coordination.singleProcess();
    }

    @Override
    public Optional<Housekeeping> housekeeping() {
        return Optional.of(this);
    }

    /** Keeps no files: electrons' temporary files go to the system's temp folder. */
    @Override
    public Optional<Path> scratchFolder() {
        return Optional.empty();
    }

    @Override
    public synchronized Optional<String> whyUnusable(String fingerprint) {
        return values.containsKey(fingerprint) ? Optional.empty() : Optional.of("the stored result's value is missing");
    }

    /** @return 0: nothing is on disk */
    @Override
    public long storeSize() {
        return 0;
    }

    @Override
    public void vacuum() {
        // Deleted records are gone at once: nothing to compact.
    }

    @Override
    public synchronized void finishDispatch(String dispatchId, DispatchStatus status, Instant endedAt, String error) {
        checkOpen();
        DispatchRecord old = dispatches.get(dispatchId);
        if (old == null) {
            return;
        }
        dispatches.put(
                dispatchId,
                new DispatchRecord(
                        old.id(),
                        old.latticeId(),
                        old.latticeName(),
                        old.latticeCatalog(),
                        old.resultType(),
                        old.outputNode(),
                        status,
                        old.createdAt(),
                        endedAt,
                        old.reuse(),
                        old.redispatchOf(),
                        old.replacements(),
                        error,
                        old.parentId(),
                        old.parentNode()));
    }

    @Override
    public synchronized Optional<CachedResult> lookup(String cacheKey, String fromDispatch) {
        checkOpen();
        if (fromDispatch == null) {
            CachedResult hit = results.get(cacheKey);
            StoredValue value = hit == null ? null : values.get(hit.valueFingerprint());
            return value == null
                    ? Optional.empty()
                    : Optional.of(
                            new CachedResult(hit.valueFingerprint(), hit.dispatchId(), hit.nodeIndex(), value.codec()));
        }
        for (NodeRecord node : nodes.getOrDefault(fromDispatch, new TreeMap<>()).values()) {
            boolean done = node.status() == NodeStatus.COMPLETED || node.status() == NodeStatus.REUSED;
            if (done && cacheKey.equals(node.cacheKey()) && values.containsKey(node.valueFingerprint())) {
                return Optional.of(CachedResult.ofNode(
                        fromDispatch, node, values.get(node.valueFingerprint()).codec()));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized Optional<RecordedFailure> lookupFailure(String cacheKey, String fromDispatch) {
        checkOpen();
        return RecordedFailure.latest(nodes, cacheKey, fromDispatch);
    }

    @Override
    public synchronized void replaceValue(StoredValue value) {
        checkOpen();
        values.put(value.fingerprint(), value);
    }

    @Override
    public synchronized void putValues(List<StoredValue> stored) {
        checkOpen();
        stored.forEach(value -> values.putIfAbsent(value.fingerprint(), value));
    }

    @Override
    public synchronized Optional<StoredValue> value(String fingerprint) {
        checkOpen();
        return Optional.ofNullable(values.get(fingerprint));
    }

    @Override
    public synchronized Optional<DispatchRecord> dispatch(String id) {
        checkOpen();
        return Optional.ofNullable(dispatches.get(id));
    }

    @Override
    public synchronized List<NodeRecord> nodes(String dispatchId) {
        checkOpen();
        return new ArrayList<>(nodes.getOrDefault(dispatchId, new TreeMap<>()).values());
    }

    @Override
    public synchronized List<DispatchRecord> dispatches() {
        checkOpen();
        return new ArrayList<>(dispatches.values());
    }

    @Override
    public synchronized boolean deleteDispatch(String dispatchId) {
        checkOpen();
        boolean existed = dispatches.containsKey(dispatchId);
        List<String> doomed = new ArrayList<>(List.of(dispatchId));
        for (int i = 0; i < doomed.size(); i++) {
            String parent = doomed.get(i);
            dispatches.values().stream()
                    .filter(record -> parent.equals(record.parentId()))
                    .forEach(record -> doomed.add(record.id()));
        }
        for (String id : doomed) {
            dispatches.remove(id);
            nodes.remove(id);
            results.values().removeIf(hit -> hit.dispatchId().equals(id));
        }
        return existed;
    }

    @Override
    public synchronized Pruned prune() {
        checkOpen();
        Set<String> referenced = new HashSet<>();
        nodes.values().forEach(byIndex -> byIndex.values().forEach(node -> referenced.add(node.valueFingerprint())));
        results.values().forEach(hit -> referenced.add(hit.valueFingerprint()));
        int count = 0;
        long bytes = 0;
        for (Iterator<StoredValue> it = values.values().iterator(); it.hasNext(); ) {
            StoredValue value = it.next();
            if (!referenced.contains(value.fingerprint())) {
                it.remove();
                count++;
                bytes += value.data().length;
            }
        }
        return new Pruned(count, bytes, 0, 0);
    }

    @Override
    public synchronized void close() {
        closed = true;
        dispatches.clear();
        nodes.clear();
        results.clear();
        values.clear();
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("the in-memory store is closed", null);
        }
    }
}
