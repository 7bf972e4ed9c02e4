package dev.valence.postgres.internal;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.RecordedFailure;
import dev.valence.runtime.spi.store.StoredValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One batch of writes accepted but not yet committed: what the committer writes in one
 * transaction, and meanwhile part of the overlay that this process's reads consult before the
 * tables. Not thread-safe: guarded by the {@link Committer}'s lock.
 */
final class Overlay {

    /** A dispatch's end, waiting to be written. */
    record DispatchEnd(DispatchStatus status, Instant endedAt, String error) {}

    final Map<String, StoredValue> values = new LinkedHashMap<>();
    final Map<String, TreeMap<Integer, NodeRecord>> nodes = new LinkedHashMap<>();
    final Map<String, CachedResult> results = new LinkedHashMap<>();
    final Map<String, DispatchEnd> ends = new LinkedHashMap<>();
    /** Completed once the batch is committed, failed when it cannot be. */
    final List<CompletableFuture<Void>> durable = new ArrayList<>();

    private long oldestNanos;
    private long oldestStartNanos = -1;
    private boolean beyondStarts;

    boolean isEmpty() {
        return values.isEmpty() && nodes.isEmpty() && results.isEmpty() && ends.isEmpty();
    }

    long oldestNanos() {
        return oldestNanos;
    }

    /** @return when the oldest node start waiting here was accepted, or -1 when none waits */
    long oldestStartNanos() {
        return oldestStartNanos;
    }

    /** @return whether anything but node starts waits here: starts alone lose nothing if lost (an end follows) */
    boolean beyondStarts() {
        return beyondStarts;
    }

    int nodeCount() {
        return nodes.values().stream().mapToInt(Map::size).sum();
    }

    private void touch() {
        if (isEmpty()) {
            oldestNanos = System.nanoTime();
        }
    }

    void addStart(String dispatchId, NodeRecord node) {
        touch();
        if (oldestStartNanos < 0) {
            oldestStartNanos = System.nanoTime();
        }
        nodes.computeIfAbsent(dispatchId, id -> new TreeMap<>()).put(node.index(), node);
    }

    void addNode(String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
        touch();
        beyondStarts = true;
        if (value != null) {
            values.putIfAbsent(value.fingerprint(), value);
        }
        nodes.computeIfAbsent(dispatchId, id -> new TreeMap<>()).put(node.index(), node);
        if (indexResult && node.cacheKey() != null && node.valueFingerprint() != null) {
            results.put(
                    node.cacheKey(),
                    new CachedResult(
                            node.valueFingerprint(), dispatchId, node.index(), value == null ? null : value.codec()));
        }
    }

    void addEnd(String dispatchId, DispatchEnd end) {
        touch();
        beyondStarts = true;
        ends.put(dispatchId, end);
    }

    /** A hit among the records waiting here, as the tables would answer it once they are written. */
    Optional<CachedResult> lookup(String cacheKey, String fromDispatch) {
        if (fromDispatch == null) {
            return Optional.ofNullable(results.get(cacheKey));
        }
        TreeMap<Integer, NodeRecord> ofDispatch = nodes.get(fromDispatch);
        if (ofDispatch != null) {
            for (NodeRecord node : ofDispatch.values()) {
                boolean done = node.status() == NodeStatus.COMPLETED || node.status() == NodeStatus.REUSED;
                if (done && cacheKey.equals(node.cacheKey()) && node.valueFingerprint() != null) {
                    StoredValue value = values.get(node.valueFingerprint());
                    return Optional.of(CachedResult.ofNode(fromDispatch, node, value == null ? null : value.codec()));
                }
            }
        }
        return Optional.empty();
    }

    Optional<RecordedFailure> lookupFailure(String cacheKey, String fromDispatch) {
        return RecordedFailure.latest(nodes, cacheKey, fromDispatch);
    }

    /** Replaces a waiting copy of a value, if any, with a fresh one of the same fingerprint. */
    void replaceValue(StoredValue value) {
        values.computeIfPresent(value.fingerprint(), (fingerprint, old) -> value);
    }
}
