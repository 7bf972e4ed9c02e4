package dev.valence.runtime;

import dev.valence.runtime.store.ResultStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Single flight across processes: before computing a key, a {@link Valence} instance takes its
 * lease in the shared store; other processes wait for the result. The holder renews its leases on
 * a heartbeat, so a lease outlives the holder by at most one lease period: a process that died is
 * taken over.
 */
final class Leases implements AutoCloseable {
    private final ResultStore store;
    private final Clock clock;
    private final Duration period;
    private final String owner = UUID.randomUUID().toString();
    private final ScheduledFuture<?> heartbeat;

    Leases(ResultStore store, Clock clock, Duration period, ScheduledExecutorService timer) {
        this.store = store;
        this.clock = clock;
        this.period = period;
        long renewEvery = Math.max(1, period.toMillis() / 3);
        this.heartbeat = timer.scheduleAtFixedRate(this::renew, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
    }

    boolean tryTake(String cacheKey) {
        return store.tryLease(cacheKey, owner, clock.instant(), clock.instant().plus(period));
    }

    void release(String cacheKey) {
        store.releaseLease(cacheKey, owner);
    }

    /** How long to wait before looking again for a result another process is computing. */
    Duration recheckDelay(int attempt) {
        long millis = Math.min(period.toMillis() / 4, 25L << Math.min(attempt, 5));
        return Duration.ofMillis(Math.max(5, millis));
    }

    private void renew() {
        try {
            store.renewLeases(owner, clock.instant().plus(period));
        } catch (RuntimeException e) {
            // A failed renewal is retried on the next beat; at worst another process takes over.
        }
    }

    @Override
    public void close() {
        heartbeat.cancel(false);
    }
}
