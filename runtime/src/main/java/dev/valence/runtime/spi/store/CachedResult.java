package dev.valence.runtime.spi.store;

/**
 * A hit in the store's key index: the value an earlier run produced for a cache key.
 *
 * @param valueFingerprint the fingerprint of the stored value
 * @param dispatchId the dispatch whose node computed it
 * @param nodeIndex that node's index
 * @param codec the name of the codec that wrote the value, or {@code null} when the store does not
 *     know it at lookup; a process without that codec computes the node again instead of reusing a
 *     value it could not read
 */
public record CachedResult(String valueFingerprint, String dispatchId, int nodeIndex, String codec) {

    /**
     * The hit a completed or reused node record stands for: its own value, or the one it reused.
     *
     * @param dispatchId the dispatch the record belongs to
     * @param node a node recorded as completed or reused
     * @param codec the codec of its value, or null when unknown
     * @return where the value was first computed
     */
    public static CachedResult ofNode(String dispatchId, NodeRecord node, String codec) {
        return new CachedResult(
                node.valueFingerprint(),
                node.reusedFromDispatch() != null ? node.reusedFromDispatch() : dispatchId,
                node.reusedFromNode() != null ? node.reusedFromNode() : node.index(),
                codec);
    }

    /**
     * A hit whose codec the store does not report.
     *
     * @param valueFingerprint the fingerprint of the stored value
     * @param dispatchId the dispatch whose node computed it
     * @param nodeIndex that node's index
     */
    public CachedResult(String valueFingerprint, String dispatchId, int nodeIndex) {
        this(valueFingerprint, dispatchId, nodeIndex, null);
    }
}
