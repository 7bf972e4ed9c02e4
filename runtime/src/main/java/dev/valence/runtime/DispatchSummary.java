package dev.valence.runtime;

import dev.valence.runtime.spi.store.DispatchRecord;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of {@link Valence#dispatches()}: a stored dispatch without its nodes.
 *
 * @param id the dispatch id
 * @param lattice the lattice's display name
 * @param latticeId the lattice's id
 * @param status the dispatch's status
 * @param createdAt when it was dispatched
 * @param endedAt when it ended, or null while running
 * @param redispatchOf the dispatch it re-ran, or null
 */
public record DispatchSummary(
        String id,
        String lattice,
        String latticeId,
        DispatchStatus status,
        Instant createdAt,
        Instant endedAt,
        String redispatchOf) {

    /** The summary of a stored dispatch. */
    static DispatchSummary of(DispatchRecord record) {
        return new DispatchSummary(
                record.id(),
                record.latticeName(),
                record.latticeId(),
                record.status(),
                record.createdAt(),
                record.endedAt(),
                record.redispatchOf());
    }

    /** @return the dispatch it re-ran, if it is a redispatch */
    public Optional<String> redispatchOfId() {
        return Optional.ofNullable(redispatchOf);
    }
}
