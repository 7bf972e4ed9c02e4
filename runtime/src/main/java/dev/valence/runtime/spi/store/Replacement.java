package dev.valence.runtime.spi.store;

/**
 * One electron replaced by another in a dispatch, kept so that a redispatch from a new process
 * rebuilds the same graph.
 *
 * @param originalId the id of the electron the lattice calls
 * @param replacementId the id of the electron that ran instead
 * @param replacementCatalog the binary name of the generated catalog listing the replacement
 */
public record Replacement(String originalId, String replacementId, String replacementCatalog) {}
