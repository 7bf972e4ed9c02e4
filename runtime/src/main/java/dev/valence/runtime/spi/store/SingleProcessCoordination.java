package dev.valence.runtime.spi.store;

import java.time.Instant;

/** {@link Coordination#singleProcess()}: no other process, so every lease is granted. */
enum SingleProcessCoordination implements Coordination {
    INSTANCE;

    @Override
    public void announce(String owner, Instant expiresAt) {
        // Nobody else opens the store: there is nobody to tell.
    }

    @Override
    public boolean othersAlive(String owner, Instant now) {
        return false;
    }

    @Override
    public boolean tryLease(String cacheKey, String owner, Instant now, Instant expiresAt) {
        return true;
    }

    /** Nobody else can take a key over, so its token never moves: always 0. */
    @Override
    public long takeLease(String cacheKey, String owner, Instant now, Instant expiresAt) {
        return 0;
    }

    @Override
    public long tokenIfFree(String cacheKey, String owner) {
        return 0;
    }

    @Override
    public boolean tokenIs(String cacheKey, long token) {
        return token == 0;
    }

    @Override
    public void renewLeases(String owner, Instant expiresAt) {
        // Leases are never contended, so they need no renewal.
    }

    @Override
    public void releaseLease(String cacheKey, String owner) {
        // Nothing was recorded when the lease was granted.
    }
}
