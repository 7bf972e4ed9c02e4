package dev.valence.postgres.internal;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is still worth writing of a batch whose commit failed for good: every node whose value was
 * in the batch is written as failed with the store's message, without its value or key-index
 * entry, and a dispatch whose end was in the batch ends failed if it lost a value. Those rows are
 * small and need nothing the failed batch did, so no dispatch is left showing a node that claims a
 * value the store never got. The rest of the batch is kept as it was.
 */
final class Salvage {
    private Salvage() {}

    static Overlay of(Overlay batch, String message) {
        Overlay salvage = new Overlay();
        Map<String, String> lostValue = new HashMap<>();
        batch.nodes.forEach((dispatchId, records) -> {
            TreeMap<Integer, NodeRecord> kept = new TreeMap<>();
            for (NodeRecord node : records.values()) {
                if (node.valueFingerprint() != null && batch.values.containsKey(node.valueFingerprint())) {
                    kept.put(node.index(), failed(node, message));
                    lostValue.putIfAbsent(dispatchId, "node " + node.name() + " failed: " + message);
                } else {
                    kept.put(node.index(), node);
                }
            }
            kept.values().forEach(node -> salvage.addNode(dispatchId, node, null, false));
        });
        batch.results.forEach((key, result) -> {
            if (!batch.values.containsKey(result.valueFingerprint())) {
                salvage.results.put(key, result);
            }
        });
        batch.ends.forEach((dispatchId, end) -> {
            String error = lostValue.get(dispatchId);
            salvage.addEnd(
                    dispatchId,
                    error == null ? end : new Overlay.DispatchEnd(DispatchStatus.FAILED, end.endedAt(), error));
        });
        return salvage;
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
