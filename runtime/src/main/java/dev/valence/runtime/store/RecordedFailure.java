package dev.valence.runtime.store;

/**
 * A failure an earlier run recorded for a cache key, for reuse policies that reuse failures
 * ({@code Reuse.ALL.withFailures()}).
 *
 * @param dispatchId the dispatch whose node failed
 * @param nodeIndex that node's index
 * @param error the stored stack trace of the failure
 */
public record RecordedFailure(String dispatchId, int nodeIndex, String error) {

    /**
     * The failure a failed node record stands for: its own, or the one it reused.
     *
     * @param dispatchId the dispatch the record belongs to
     * @param node a node recorded as failed
     * @return where the failure first happened, with its error
     */
    public static RecordedFailure of(String dispatchId, NodeRecord node) {
        return new RecordedFailure(
                node.reusedFromDispatch() != null ? node.reusedFromDispatch() : dispatchId,
                node.reusedFromNode() != null ? node.reusedFromNode() : node.index(),
                node.error());
    }
}
