package dev.valence.runtime.internal.engine;

import dev.valence.runtime.spi.store.ResultStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Single flight across processes: before computing a key, a {@code Valence} instance takes its
 * lease in the shared store; other processes wait for the result. The holder renews its leases on
 * a heartbeat, so a lease outlives the holder by at most one lease period: a process that died is
 * taken over.
 *
 * <p>A lease costs a committed write, so a process alone on its store takes none: every instance
 * announces itself on a fast presence beat and computes unleased while nobody else is there. When
 * another process appears, the next beat leases whatever is still running unleased, and the
 * newcomer takes no lease of its own before two beats have passed, so it never misses work that
 * started before it arrived.
 */
final class Leases implements AutoCloseable {
    /** How often an instance announces itself and checks for others. */
    static final Duration PRESENCE_BEAT = Duration.ofMillis(200);

    private final ResultStore store;
    private final Clock clock;
    private final Duration period;
    private final String owner = UUID.randomUUID().toString();
    private final Instant announcedAt;
    private final Set<String> unleased = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> heartbeat;
    private final ScheduledFuture<?> presence;

    /** @return the id this instance announces itself and takes leases under */
    String owner() {
        return owner;
    }

    Leases(ResultStore store, Clock clock, Duration period, ScheduledExecutorService timer) {
        this.store = store;
        this.clock = clock;
        this.period = period;
        this.announcedAt = clock.instant();
        store.coordination().announce(owner, announcedAt.plus(PRESENCE_BEAT.multipliedBy(5)));
        long renewEvery = Math.max(1, period.toMillis() / 3);
        this.heartbeat = timer.scheduleAtFixedRate(this::renew, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        long beat = PRESENCE_BEAT.toMillis();
        this.presence = timer.scheduleAtFixedRate(this::beat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /**
     * Tries to become the process that computes a key.
     *
     * @return false while another process holds the key, or while this process is too new to know
     *     what the others are running: look again later
     */
    boolean tryTake(String cacheKey) {
        Instant now = clock.instant();
        if (!store.coordination().othersAlive(owner, now)) {
            unleased.add(cacheKey);
            return true;
        }
        if (now.isBefore(announcedAt.plus(PRESENCE_BEAT.multipliedBy(2)))) {
            return false;
        }
        return store.coordination().tryLease(cacheKey, owner, now, now.plus(period));
    }

    void release(String cacheKey) {
        if (!unleased.remove(cacheKey)) {
            store.coordination().releaseLease(cacheKey, owner);
        }
    }

    /** How long to wait before looking again for a result another process is computing. */
    Duration recheckDelay(int attempt) {
        long millis = Math.min(period.toMillis() / 4, 25L << Math.min(attempt, 5));
        return Duration.ofMillis(Math.max(5, millis));
    }

    private void beat() {
        try {
            Instant now = clock.instant();
            store.coordination().announce(owner, now.plus(PRESENCE_BEAT.multipliedBy(5)));
            if (!unleased.isEmpty() && store.coordination().othersAlive(owner, now)) {
                // Someone arrived: publish what this process is already computing.
                for (String key : unleased) {
                    if (store.coordination().tryLease(key, owner, now, now.plus(period))) {
                        unleased.remove(key);
                    }
                }
            }
        } catch (RuntimeException e) {
            // Retried on the next beat.
        }
    }

    private void renew() {
        try {
            store.coordination().renewLeases(owner, clock.instant().plus(period));
        } catch (RuntimeException e) {
            // A failed renewal is retried on the next beat; at worst another process takes over.
        }
    }

    @Override
    public void close() {
        heartbeat.cancel(false);
        presence.cancel(false);
        try {
            // Leave at once, so that others stop taking leases for nobody.
            store.coordination().announce(owner, clock.instant().minusMillis(1));
        } catch (RuntimeException e) {
            // The presence lapses by itself within five beats.
        }
    }
}
