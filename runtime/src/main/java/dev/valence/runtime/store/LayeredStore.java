package dev.valence.runtime.store;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

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
public final class LayeredStore implements ResultStore {
    private final ResultStore main;
    private final List<ResultStore> fallbacks;
    /** Values that lookups found only in a fallback: copied into the main store with the reusing node. */
    private final Set<String> fromFallbacks = ConcurrentHashMap.newKeySet();

    /**
     * @param main the store written to
     * @param fallbacks earlier stores, consulted in order; closed with this store
     */
    public LayeredStore(ResultStore main, List<? extends ResultStore> fallbacks) {
        this.main = Objects.requireNonNull(main, "main");
        this.fallbacks = List.copyOf(fallbacks);
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
    public void createDispatch(DispatchRecord dispatch, List<NodeRecord> nodes, List<StoredValue> values) {
        main.createDispatch(dispatch, nodes, values);
    }

    @Override
    public void finishNode(String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
        StoredValue copy = copyFromFallback(node, value);
        main.finishNode(dispatchId, node, copy != null ? copy : value, indexResult || copy != null);
    }

    @Override
    public CompletableFuture<Void> finishNodeAsync(
            String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
        StoredValue copy;
        try {
            copy = copyFromFallback(node, value);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return main.finishNodeAsync(dispatchId, node, copy != null ? copy : value, indexResult || copy != null);
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
            Optional<StoredValue> found = fallback.value(fingerprint);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return null;
    }

    @Override
    public void checkpoint() {
        main.checkpoint();
    }

    @Override
    public void finishDispatch(String dispatchId, DispatchStatus status, Instant endedAt, String error) {
        main.finishDispatch(dispatchId, status, endedAt, error);
    }

    @Override
    public Optional<CachedResult> lookup(String cacheKey, String fromDispatch) {
        Optional<CachedResult> hit = main.lookup(cacheKey, fromDispatch);
        if (hit.isPresent()) {
            return hit;
        }
        for (ResultStore fallback : fallbacks) {
            hit = fallback.lookup(cacheKey, fromDispatch);
            if (hit.isPresent()) {
                fromFallbacks.add(hit.get().valueFingerprint());
                return hit;
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<RecordedFailure> lookupFailure(String cacheKey, String fromDispatch) {
        Optional<RecordedFailure> failure = main.lookupFailure(cacheKey, fromDispatch);
        for (int i = 0; failure.isEmpty() && i < fallbacks.size(); i++) {
            failure = fallbacks.get(i).lookupFailure(cacheKey, fromDispatch);
        }
        return failure;
    }

    @Override
    public Optional<StoredValue> value(String fingerprint) {
        Optional<StoredValue> found = main.value(fingerprint);
        for (int i = 0; found.isEmpty() && i < fallbacks.size(); i++) {
            found = fallbacks.get(i).value(fingerprint);
        }
        return found;
    }

    @Override
    public Optional<DispatchRecord> dispatch(String id) {
        Optional<DispatchRecord> found = main.dispatch(id);
        for (int i = 0; found.isEmpty() && i < fallbacks.size(); i++) {
            found = fallbacks.get(i).dispatch(id);
        }
        return found;
    }

    @Override
    public List<NodeRecord> nodes(String dispatchId) {
        List<NodeRecord> found = main.nodes(dispatchId);
        for (int i = 0; found.isEmpty() && i < fallbacks.size(); i++) {
            found = fallbacks.get(i).nodes(dispatchId);
        }
        return found;
    }

    /** @return the main store's dispatches only */
    @Override
    public List<DispatchRecord> dispatches() {
        return main.dispatches();
    }

    @Override
    public void announce(String owner, Instant expiresAt) {
        main.announce(owner, expiresAt);
    }

    @Override
    public boolean othersAlive(String owner, Instant now) {
        return main.othersAlive(owner, now);
    }

    @Override
    public boolean tryLease(String cacheKey, String owner, Instant now, Instant expiresAt) {
        return main.tryLease(cacheKey, owner, now, expiresAt);
    }

    @Override
    public void renewLeases(String owner, Instant expiresAt) {
        main.renewLeases(owner, expiresAt);
    }

    @Override
    public void releaseLease(String cacheKey, String owner) {
        main.releaseLease(cacheKey, owner);
    }

    @Override
    public BlobStore blobs() {
        return new LayeredBlobs(main.blobs(), fallbacks);
    }

    /** @return the main store's size; fallbacks are not counted */
    @Override
    public long storeSize() {
        return main.storeSize();
    }

    @Override
    public boolean deleteDispatch(String dispatchId) {
        return main.deleteDispatch(dispatchId);
    }

    @Override
    public Pruned prune() {
        return main.prune();
    }

    @Override
    public void replaceValue(StoredValue value) {
        // Fallbacks are never written: a fresh value replaces only the main store's copy.
        main.replaceValue(value);
    }

    @Override
    public void vacuum() {
        main.vacuum();
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

    /** Writes to the main store's blobs; reads from the first store that has the blob. */
    private static final class LayeredBlobs implements BlobStore {
        private final BlobStore main;
        private final List<ResultStore> fallbacks;

        LayeredBlobs(BlobStore main, List<ResultStore> fallbacks) {
            this.main = main;
            this.fallbacks = fallbacks;
        }

        @Override
        public BlobRef put(Path file) {
            return main.put(file);
        }

        @Override
        public BlobRef put(InputStream content) {
            return main.put(content);
        }

        @Override
        public boolean contains(String sha256) {
            return main.contains(sha256) || holder(sha256) != null;
        }

        @Override
        public InputStream open(String sha256) {
            BlobStore holder = main.contains(sha256) ? main : holder(sha256);
            return (holder != null ? holder : main).open(sha256);
        }

        @Override
        public long size(String sha256) {
            BlobStore holder = main.contains(sha256) ? main : holder(sha256);
            return (holder != null ? holder : main).size(sha256);
        }

        /** Copies a fallback's blob into the main store first: files are only ever made there. */
        @Override
        public Path materialize(String sha256, String fileName) {
            if (!main.contains(sha256)) {
                BlobStore holder = holder(sha256);
                if (holder != null) {
                    try (InputStream in = holder.open(sha256)) {
                        main.put(in);
                    } catch (java.io.IOException e) {
                        throw new StoreException("cannot copy the blob " + sha256 + " from a fallback store: " + e, e);
                    }
                }
            }
            return main.materialize(sha256, fileName);
        }

        private BlobStore holder(String sha256) {
            for (ResultStore fallback : fallbacks) {
                BlobStore blobs;
                try {
                    blobs = fallback.blobs();
                } catch (UnsupportedOperationException e) {
                    continue;
                }
                if (blobs.contains(sha256)) {
                    return blobs;
                }
            }
            return null;
        }
    }
}
