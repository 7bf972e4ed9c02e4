package dev.valence.runtime.internal.store.sqlite;

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
 * Writes accepted but not yet committed: the overlay that reads of this process consult first, and
 * the batch the committer writes in one transaction. Not thread-safe: guarded by the store's lock.
 */
final class PendingWrites {

    /** A dispatch's end, waiting to be written. */
    record DispatchEnd(DispatchStatus status, Instant endedAt, String error) {}

    final Map<String, StoredValue> values = new LinkedHashMap<>();
    final Map<String, TreeMap<Integer, NodeRecord>> nodes = new LinkedHashMap<>();
    final Map<String, CachedResult> results = new LinkedHashMap<>();
    final Map<String, DispatchEnd> ends = new LinkedHashMap<>();
    final List<CompletableFuture<Void>> durable = new ArrayList<>();
    private long oldestNanos;
    /** When the oldest node start still waiting here was accepted, or -1 when none waits. */
    private long oldestStartNanos = -1;
    /** Whether anything but node starts waits here: starts alone lose nothing if lost (an end follows). */
    private boolean beyondStarts;

    boolean isEmpty() {
        return values.isEmpty() && nodes.isEmpty() && results.isEmpty() && ends.isEmpty();
    }

    long oldestNanos() {
        return oldestNanos;
    }

    private void touch() {
        if (isEmpty()) {
            oldestNanos = System.nanoTime();
        }
    }

    boolean hasStarts() {
        return oldestStartNanos >= 0;
    }

    long oldestStartNanos() {
        return oldestStartNanos;
    }

    /** A node's running record; an end of the same node accepted later replaces it. */
    void addStart(String dispatchId, NodeRecord node) {
        touch();
        if (oldestStartNanos < 0) {
            oldestStartNanos = System.nanoTime();
        }
        nodes.computeIfAbsent(dispatchId, id -> new TreeMap<>()).put(node.index(), node);
    }

    /** @return whether anything but node starts waits here */
    boolean beyondStarts() {
        return beyondStarts;
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

    Optional<CachedResult> lookup(String cacheKey, String fromDispatch) {
        if (fromDispatch == null) {
            return Optional.ofNullable(results.get(cacheKey));
        }
        TreeMap<Integer, NodeRecord> ofDispatch = nodes.get(fromDispatch);
        if (ofDispatch != null) {
            for (NodeRecord node : ofDispatch.values()) {
                boolean done = node.status() == NodeStatus.COMPLETED || node.status() == NodeStatus.REUSED;
                if (done && cacheKey.equals(node.cacheKey()) && node.valueFingerprint() != null) {
                    return Optional.of(CachedResult.ofNode(fromDispatch, node, codecOf(node.valueFingerprint())));
                }
            }
        }
        return Optional.empty();
    }

    /** Replaces a waiting copy of a value, if any, with a fresh one of the same fingerprint. */
    void replaceValue(StoredValue value) {
        values.computeIfPresent(value.fingerprint(), (fingerprint, old) -> value);
    }

    /** A failure recorded here and not yet written, the latest by end time. */
    Optional<RecordedFailure> lookupFailure(String cacheKey, String fromDispatch) {
        return RecordedFailure.latest(nodes, cacheKey, fromDispatch);
    }

    /** The codec of a value still waiting here; null once it was written (the store's own lookup reports it then). */
    private String codecOf(String fingerprint) {
        StoredValue value = values.get(fingerprint);
        return value == null ? null : value.codec();
    }

    /** Moves everything into a batch to write, leaving this empty. */
    PendingWrites drain() {
        PendingWrites batch = new PendingWrites();
        batch.values.putAll(values);
        nodes.forEach((id, records) -> batch.nodes.put(id, new TreeMap<>(records)));
        batch.results.putAll(results);
        batch.ends.putAll(ends);
        batch.durable.addAll(durable);
        batch.beyondStarts = beyondStarts;
        beyondStarts = false;
        values.clear();
        nodes.clear();
        results.clear();
        ends.clear();
        durable.clear();
        oldestStartNanos = -1;
        return batch;
    }
}
