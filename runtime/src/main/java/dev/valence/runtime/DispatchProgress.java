package dev.valence.runtime;

import java.util.List;

/**
 * How far a running dispatch has come, counted over its nodes that run (electron calls,
 * collections and sublattices; inputs and constants are given, not counted).
 *
 * @param total the nodes that run
 * @param pending not started yet
 * @param running started and not ended
 * @param completed ran and stored a value
 * @param reused took a stored value
 * @param failed failed
 * @param cancelled will not run, or were stopped
 */
public record DispatchProgress(
        int total, int pending, int running, int completed, int reused, int failed, int cancelled) {

    /** @return the nodes that have ended, however they ended */
    public int done() {
        return completed + reused + failed + cancelled;
    }

    /**
     * Counts node snapshots.
     *
     * @param nodes the nodes of one dispatch
     * @return their counts
     */
    public static DispatchProgress of(List<NodeSnapshot> nodes) {
        int[] counts = new int[NodeStatus.values().length];
        int total = 0;
        for (NodeSnapshot node : nodes) {
            if (node.kind() == NodeKind.INPUT || node.kind() == NodeKind.CONSTANT) {
                continue;
            }
            total++;
            counts[node.status().ordinal()]++;
        }
        return new DispatchProgress(
                total,
                counts[NodeStatus.PENDING.ordinal()],
                counts[NodeStatus.RUNNING.ordinal()],
                counts[NodeStatus.COMPLETED.ordinal()],
                counts[NodeStatus.REUSED.ordinal()],
                counts[NodeStatus.FAILED.ordinal()],
                counts[NodeStatus.CANCELLED.ordinal()]);
    }
}
