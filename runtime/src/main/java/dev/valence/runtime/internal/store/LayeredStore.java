package dev.valence.runtime.internal.store;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.DispatchLog;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.ForwardingResultStore;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.RecordedFailure;
import dev.valence.runtime.spi.store.ResultIndex;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import dev.valence.runtime.spi.store.ValueStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A store in front of earlier stores opened read-only (Parsl's {@code load_checkpoints} over
 * earlier run folders). Every write goes to the main store. A lookup that misses in the main store
 * consults the fallbacks in order; values, dispatches and blobs are read from the main store first,
 * then from the fallbacks.
 *
 * <p>When a node reuses a fallback's result, its record in the main store carries a copy of the
 * value and a key-index entry, so later processes reuse it from the main store alone, without the
 * fallback. Blobs a copied value refers to stay in the fallback until a program asks for them as
 * files ({@link BlobStore#materialize}), which copies them into the main store.
 */
public final class LayeredStore extends ForwardingResultStore {
    private final ResultStore main;
    private final List<ResultStore> fallbacks;
    /** Values that lookups found only in a fallback: copied into the main store with the reusing node. */
    private final Set<String> fromFallbacks = ConcurrentHashMap.newKeySet();
    /** Values found usable: values never change once stored, so the answer is kept. */
    private final Set<String> usable = ConcurrentHashMap.newKeySet();

    private final DispatchLog log = new Log();
    private final ResultIndex index = new Index();
    private final ValueStore values = new Values();
    private final BlobStore blobs;

    /**
     * @param main the store written to; coordination and housekeeping are the main store's
     * @param fallbacks earlier stores, consulted in order; closed with this store
     */
    public LayeredStore(ResultStore main, List<? extends ResultStore> fallbacks) {
        super(main);
        this.main = main;
        this.fallbacks = List.copyOf(fallbacks);
        this.blobs = new LayeredBlobs(main.blobs(), this.fallbacks);
    }

    /** @return the store written to */
    public ResultStore main() {
        return main;
    }

    /** @return the fallbacks, in the order they are consulted */
    public List<ResultStore> fallbacks() {
        return fallbacks;
    }

    @Override
    public DispatchLog dispatchLog() {
        return log;
    }

    @Override
    public ResultIndex resultIndex() {
        return index;
    }

    @Override
    public ValueStore values() {
        return values;
    }

    @Override
    public BlobStore blobs() {
        return blobs;
    }

    /** The first non-empty answer of the main store, then of each fallback in order. */
    private <T> Optional<T> first(Function<ResultStore, Optional<T>> read) {
        Optional<T> found = read.apply(main);
        for (int i = 0; found.isEmpty() && i < fallbacks.size(); i++) {
            found = read.apply(fallbacks.get(i));
        }
        return found;
    }

    /** The fallback's value a reused node refers to, when the main store lacks it; else null. */
    private StoredValue copyFromFallback(NodeRecord node, StoredValue value) {
        String fingerprint = node.valueFingerprint();
        if (value != null
                || node.status() != NodeStatus.REUSED
                || fingerprint == null
                || !fromFallbacks.contains(fingerprint)) {
            return null;
        }
        for (ResultStore fallback : fallbacks) {
            Optional<StoredValue> found = fallback.values().value(fingerprint);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return null;
    }

    /** Closes the main store, then the fallbacks, even when one fails. */
    @Override
    public void close() {
        RuntimeException failure = null;
        List<ResultStore> all = new ArrayList<>();
        all.add(main);
        all.addAll(fallbacks);
        for (ResultStore store : all) {
            try {
                store.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Writes go to the main store; a dispatch and its nodes are read through to the fallbacks. */
    private final class Log implements DispatchLog {
        @Override
        public void createDispatch(DispatchRecord dispatch, List<NodeRecord> nodes, List<StoredValue> literals) {
            main.dispatchLog().createDispatch(dispatch, nodes, literals);
        }

        @Override
        public void startNode(String dispatchId, NodeRecord node) {
            main.dispatchLog().startNode(dispatchId, node);
        }

        /** Only the main store's dispatches can be running: fallbacks are read-only. */
        @Override
        public boolean requestCancel(String dispatchId) {
            return main.dispatchLog().requestCancel(dispatchId);
        }

        @Override
        public Set<String> cancelRequests(Collection<String> dispatchIds) {
            return main.dispatchLog().cancelRequests(dispatchIds);
        }

        @Override
        public CompletableFuture<Void> finishNode(
                String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
            StoredValue copy;
            try {
                copy = copyFromFallback(node, value);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            return main.dispatchLog()
                    .finishNode(dispatchId, node, copy != null ? copy : value, indexResult || copy != null);
        }

        @Override
        public void checkpoint() {
            main.dispatchLog().checkpoint();
        }

        @Override
        public void finishDispatch(String dispatchId, DispatchStatus status, Instant endedAt, String error) {
            main.dispatchLog().finishDispatch(dispatchId, status, endedAt, error);
        }

        @Override
        public Optional<DispatchRecord> dispatch(String id) {
            return first(store -> store.dispatchLog().dispatch(id));
        }

        @Override
        public List<NodeRecord> nodes(String dispatchId) {
            List<NodeRecord> found = main.dispatchLog().nodes(dispatchId);
            for (int i = 0; found.isEmpty() && i < fallbacks.size(); i++) {
                found = fallbacks.get(i).dispatchLog().nodes(dispatchId);
            }
            return found;
        }

        /** @return the main store's dispatches only */
        @Override
        public List<DispatchRecord> dispatches() {
            return main.dispatchLog().dispatches();
        }
    }

    /** A key that misses in the main store is looked up in each fallback in order. */
    private final class Index implements ResultIndex {
        @Override
        public Optional<CachedResult> lookup(String cacheKey, String fromDispatch) {
            Optional<CachedResult> hit = main.resultIndex().lookup(cacheKey, fromDispatch);
            if (hit.isPresent()) {
                return hit;
            }
            for (ResultStore fallback : fallbacks) {
                hit = fallback.resultIndex().lookup(cacheKey, fromDispatch);
                if (hit.isPresent()) {
                    fromFallbacks.add(hit.get().valueFingerprint());
                    return hit;
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<RecordedFailure> lookupFailure(String cacheKey, String fromDispatch) {
            return first(store -> store.resultIndex().lookupFailure(cacheKey, fromDispatch));
        }
    }

    /** Values are read from the first store that has them; only the main store's copy is ever replaced. */
    private final class Values implements ValueStore {
        @Override
        public Optional<StoredValue> value(String fingerprint) {
            return first(store -> store.values().value(fingerprint));
        }

        /**
         * The main store's answer, unless the main copy is intact and only its blobs are elsewhere:
         * a value copied from a fallback keeps its blobs there until they are materialized, and
         * the layered blob store reads them from the fallback. A value only a fallback holds is
         * usable when that fallback says so.
         */
        @Override
        public Optional<String> whyUnusable(String fingerprint) {
            if (usable.contains(fingerprint)) {
                return Optional.empty();
            }
            Optional<String> inMain = main.values().whyUnusable(fingerprint);
            Optional<String> answer = inMain.isEmpty() ? inMain : throughFallbacks(fingerprint, inMain.get());
            if (answer.isEmpty()) {
                usable.add(fingerprint); // values never change once stored
            }
            return answer;
        }

        private Optional<String> throughFallbacks(String fingerprint, String mainReason) {
            Optional<StoredValue> copy;
            try {
                copy = main.values().value(fingerprint);
            } catch (StoreException damaged) {
                return Optional.of(mainReason); // the main copy itself is damaged: compute and replace it
            }
            if (copy.isPresent()) {
                return copy.get().blobs().stream().allMatch(blobs::isIntact)
                        ? Optional.empty()
                        : Optional.of(mainReason);
            }
            for (ResultStore fallback : fallbacks) {
                Optional<String> inFallback = fallback.values().whyUnusable(fingerprint);
                if (inFallback.isEmpty()) {
                    return inFallback;
                }
            }
            return Optional.of(mainReason);
        }

        @Override
        public void replaceValue(StoredValue value) {
            // Fallbacks are never written: a fresh value replaces only the main store's copy.
            main.values().replaceValue(value);
        }

        @Override
        public void putValues(List<StoredValue> values) {
            main.values().putValues(values);
        }
    }
}
