package dev.valence.runtime.store;

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

    /** A hit whose codec the store does not report. */
    public CachedResult(String valueFingerprint, String dispatchId, int nodeIndex) {
        this(valueFingerprint, dispatchId, nodeIndex, null);
    }
}
