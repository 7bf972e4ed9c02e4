package dev.valence.runtime.spi.store;

import java.time.Instant;

/**
 * How processes sharing a store find each other and run an identical node once: presence
 * announcements and leases on cache keys. A role of {@link ResultStore}. A store that only one
 * process ever opens returns {@link #singleProcess()}, which says so explicitly.
 */
public interface Coordination {

    /**
     * Announces that a {@code Valence} instance uses this store until {@code expiresAt}; renewed on
     * a short beat.
     *
     * @param owner the instance's id
     * @param expiresAt when the announcement lapses unless renewed
     */
    void announce(String owner, Instant expiresAt);

    /**
     * Whether another instance announced itself and has not lapsed. While none has, an instance
     * computes without taking leases.
     *
     * @param owner the asking instance's id
     * @param now the current time
     * @return whether another instance is alive
     */
    boolean othersAlive(String owner, Instant now);

    /**
     * Takes the lease on computing a cache key. Succeeds when nobody holds the lease, when {@code
     * owner} already holds it (renewing it), or when the holder's lease expired (the holder died:
     * take over).
     *
     * @param cacheKey the key about to be computed
     * @param owner the id of the calling {@code Valence} instance
     * @param now the current time
     * @param expiresAt when the lease lapses unless renewed
     * @return whether {@code owner} holds the lease now
     */
    boolean tryLease(String cacheKey, String owner, Instant now, Instant expiresAt);

    /**
     * Extends every lease an owner holds; the owner calls it periodically while it computes.
     *
     * @param owner the id of the holding instance
     * @param expiresAt the new expiry
     */
    void renewLeases(String owner, Instant expiresAt);

    /**
     * Gives a lease up, after the result is stored or the computation failed.
     *
     * @param cacheKey the key
     * @param owner the holder
     */
    void releaseLease(String cacheKey, String owner);

    /**
     * The coordination of a store that only one process uses (an in-memory store): nobody else is
     * ever alive, and every lease is granted.
     *
     * @return the single-process coordination
     */
    static Coordination singleProcess() {
        return SingleProcessCoordination.INSTANCE;
    }
}
