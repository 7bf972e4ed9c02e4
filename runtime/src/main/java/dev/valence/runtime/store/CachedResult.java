package dev.valence.runtime.store;

/**
 * A hit in the store's key index: the value an earlier run produced for a cache key.
 *
 * @param valueFingerprint the fingerprint of the stored value
 * @param dispatchId the dispatch whose node computed it
 * @param nodeIndex that node's index
 */
public record CachedResult(String valueFingerprint, String dispatchId, int nodeIndex) {}
