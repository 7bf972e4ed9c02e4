package dev.valence.runtime.internal.engine;

import dev.valence.runtime.spi.store.CachedResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Identical nodes in flight at the same time, in any dispatch of one {@code Valence} instance, run
 * once: the first to claim a cache key leads; the others wait for its result without holding a
 * thread, then reuse it (or, if the leader failed, try again themselves).
 */
final class SingleFlight {
    private final ConcurrentMap<String, CompletableFuture<CachedResult>> inFlight = new ConcurrentHashMap<>();

    /**
     * Claims a key.
     *
     * @param key the cache key
     * @param mine the caller's future, completed by the caller when it ends
     * @return null when the caller leads, or the leader's future to wait on
     */
    CompletableFuture<CachedResult> claim(String key, CompletableFuture<CachedResult> mine) {
        return inFlight.putIfAbsent(key, mine);
    }

    /** Gives a key up; waiting followers are released by the completion of {@code mine}. */
    void release(String key, CompletableFuture<CachedResult> mine) {
        inFlight.remove(key, mine);
    }
}
