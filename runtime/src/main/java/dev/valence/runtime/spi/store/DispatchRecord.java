package dev.valence.runtime.spi.store;

import dev.valence.runtime.DispatchStatus;
import java.time.Instant;
import java.util.List;

/**
 * A dispatch as the store keeps it.
 *
 * @param id the dispatch id
 * @param latticeId the id of the lattice it ran
 * @param latticeName the lattice's display name
 * @param latticeCatalog the binary name of the generated catalog listing the lattice, or empty
 * @param resultType the canonical type of the lattice's result
 * @param outputNode the index of the node whose value is the result
 * @param status the dispatch's status
 * @param createdAt when it was dispatched
 * @param endedAt when it ended, or null while running
 * @param reuse the reuse policy, as {@code Reuse.toString()} writes it
 * @param redispatchOf the dispatch this one re-ran, or null
 * @param replacements the electrons replaced in this dispatch
 * @param error a one-line summary of the failure, or null
 * @param parentId for the child dispatch of a sublattice, the parent dispatch; otherwise null
 * @param parentNode for the child dispatch of a sublattice, the index of its node in the parent
 */
public record DispatchRecord(
        String id,
        String latticeId,
        String latticeName,
        String latticeCatalog,
        String resultType,
        int outputNode,
        DispatchStatus status,
        Instant createdAt,
        Instant endedAt,
        String reuse,
        String redispatchOf,
        List<Replacement> replacements,
        String error,
        String parentId,
        Integer parentNode) {
    /**
     * Copies the replacement list: the record is immutable.
     *
     * @param id the dispatch id
     * @param latticeId the id of the lattice it ran
     * @param latticeName the lattice's display name
     * @param latticeCatalog the binary name of the generated catalog listing the lattice, or empty
     * @param resultType the canonical type of the lattice's result
     * @param outputNode the index of the node whose value is the result
     * @param status the dispatch's status
     * @param createdAt when it was dispatched
     * @param endedAt when it ended, or null while running
     * @param reuse the reuse policy, as {@code Reuse.toString()} writes it
     * @param redispatchOf the dispatch this one re-ran, or null
     * @param replacements the electrons replaced in this dispatch
     * @param error a one-line summary of the failure, or null
     * @param parentId for the child dispatch of a sublattice, the parent dispatch; otherwise null
     * @param parentNode for the child dispatch of a sublattice, the index of its node in the parent
     */
    public DispatchRecord {
        replacements = List.copyOf(replacements);
    }
}
