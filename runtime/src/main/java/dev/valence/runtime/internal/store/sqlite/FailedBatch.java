package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is still worth writing of a batch whose commit failed (a full disk, typically): every node
 * whose value was in the batch is written as failed with the store's message, without its value or
 * key-index entry, and its dispatch ends failed. Those rows are small, so they usually fit where
 * the value did not, and no dispatch is left {@code RUNNING} with a node that claims a value the
 * store never got. Everything else in the batch (bookkeeping, other ends) is kept as it was.
 */
final class FailedBatch {
    private FailedBatch() {}

    /**
     * @param batch the batch that failed
     * @param message the store's message for the failure
     * @param failedDispatches receives the dispatches that lost a value, with the error their end must carry
     * @return the batch to write instead
     */
    static PendingWrites salvage(PendingWrites batch, String message, Map<String, String> failedDispatches) {
        PendingWrites salvage = new PendingWrites();
        batch.nodes.forEach((dispatchId, records) -> {
            TreeMap<Integer, NodeRecord> kept = new TreeMap<>();
            for (NodeRecord node : records.values()) {
                if (node.valueFingerprint() != null && batch.values.containsKey(node.valueFingerprint())) {
                    kept.put(node.index(), failed(node, message));
                    failedDispatches.putIfAbsent(dispatchId, "node " + node.name() + " failed: " + message);
                } else {
                    kept.put(node.index(), node);
                }
            }
            salvage.nodes.put(dispatchId, kept);
        });
        batch.results.forEach((key, result) -> {
            if (!batch.values.containsKey(result.valueFingerprint())) {
                salvage.results.put(key, result);
            }
        });
        batch.ends.forEach((dispatchId, end) -> salvage.ends.put(dispatchId, endOf(dispatchId, end, failedDispatches)));
        return salvage;
    }

    /** The end to write for a dispatch: failed, with the store's message, if one of its values was lost. */
    static PendingWrites.DispatchEnd endOf(
            String dispatchId, PendingWrites.DispatchEnd end, Map<String, String> failedDispatches) {
        String error = failedDispatches.remove(dispatchId);
        if (error == null) {
            return end;
        }
        return new PendingWrites.DispatchEnd(DispatchStatus.FAILED, end.endedAt(), error);
    }

    private static NodeRecord failed(NodeRecord node, String message) {
        return new NodeRecord(
                node.index(),
                node.name(),
                node.kind(),
                node.electronId(),
                node.electronCatalog(),
                node.type(),
                node.arguments(),
                NodeStatus.FAILED,
                NodeOutcome.FAILED,
                node.startedAt(),
                node.endedAt(),
                node.attempts(),
                node.cacheKey(),
                null,
                node.reusedFromDispatch(),
                node.reusedFromNode(),
                message,
                node.codeFingerprint(),
                node.version(),
                node.reason(),
                node.output());
    }
}
