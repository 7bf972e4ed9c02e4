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
     * Takes the lease like {@link #tryLease}, and returns its fencing token: a number per cache key
     * that grows whenever the lease passes to another owner (a take-over, or a take after a
     * release), so a holder that lost its lease while paused can tell, when it wakes, that its
     * result is no longer the one to index.
     *
     * @param cacheKey the key about to be computed
     * @param owner the id of the calling {@code Valence} instance
     * @param now the current time
     * @param expiresAt when the lease lapses unless renewed
     * @return the token, or -1 when another owner holds an unexpired lease
     */
    long takeLease(String cacheKey, String owner, Instant now, Instant expiresAt);

    /**
     * Whether an instance that sees nobody else alive may compute a key without a lease: presence
     * lapses within a second, a paused process's lease does not, so the lease rows are read anyway.
     *
     * @param cacheKey the key about to be computed
     * @param owner the id of the calling instance
     * @return the key's current fencing token when no other owner has a lease row on it (expired or
     *     not: an expired one is taken over with {@link #takeLease}, which moves the token on), or
     *     -1
     */
    long tokenIfFree(String cacheKey, String owner);

    /**
     * Whether the key's fencing token is still {@code token}: nobody took the key over since.
     * Checked before a computed result is indexed.
     *
     * @param cacheKey the key
     * @param token the token the caller computed under
     * @return whether the caller's result may be indexed
     */
    boolean tokenIs(String cacheKey, long token);

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
