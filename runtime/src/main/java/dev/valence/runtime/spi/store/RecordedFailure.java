package dev.valence.runtime.spi.store;

import java.util.Map;
import java.util.Optional;

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

    /**
     * The latest reusable failure with a key among node records kept in memory (the in-memory
     * store, and the SQLite store's writes not yet committed).
     *
     * @param nodesByDispatch node records by dispatch id, then by node index
     * @param cacheKey the key
     * @param fromDispatch null to search every dispatch, or the only dispatch to search
     * @return the failure whose node ended last, if any
     */
    public static Optional<RecordedFailure> latest(
            Map<String, ? extends Map<Integer, NodeRecord>> nodesByDispatch, String cacheKey, String fromDispatch) {
        NodeRecord latest = null;
        String latestDispatch = null;
        for (Map.Entry<String, ? extends Map<Integer, NodeRecord>> dispatch : nodesByDispatch.entrySet()) {
            if (fromDispatch != null && !fromDispatch.equals(dispatch.getKey())) {
                continue;
            }
            for (NodeRecord node : dispatch.getValue().values()) {
                boolean later = latest == null
                        || (node.endedAt() != null
                                && latest.endedAt() != null
                                && node.endedAt().isAfter(latest.endedAt()));
                if (node.isReusableFailure() && cacheKey.equals(node.cacheKey()) && later) {
                    latest = node;
                    latestDispatch = dispatch.getKey();
                }
            }
        }
        return latest == null ? Optional.empty() : Optional.of(of(latestDispatch, latest));
    }
}
