package dev.valence.runtime.internal.engine;

import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.FreeKey;
import dev.valence.runtime.spi.store.ResultStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
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
 * <p>A lease costs a committed write, so a process alone on its store takes none up front: every
 * instance announces itself on a fast presence beat and computes unleased while nobody else is
 * there. The next beat leases whatever is still running unleased, so work longer than a beat is
 * published even if its process is then paused (presence lapses within a second, a lease only after
 * its period), and the newcomer takes no lease of its own before three beats have passed, so it never
 * misses work that started before it arrived. Seeing nobody alive is no proof that nobody computes:
 * a process that believes it is alone still reads the key's lease row first and waits on an
 * unexpired one.
 *
 * <p>Fencing: every key is computed under a token that grows whenever its lease changes hands. A
 * holder paused past its lease may find, when it wakes, that another process took the key over;
 * its late result is then kept in its own dispatch but not indexed ({@link #stillHolds}), so it
 * never replaces the newer holder's entry.
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
    /** The fencing token each key this process computes was taken under. */
    private final Map<String, Held> tokens = new ConcurrentHashMap<>();
    /** The keys unleased at the previous beat; only the presence beat reads and writes it. */
    private Set<String> lastBeat = Set.of();
    /**
     * Whether another instance announced itself at the last beat: read once per beat, not once per
     * key. A newcomer is seen at most a beat late; what this process starts unleased until then is
     * published a beat later, and the newcomer takes no lease before three beats: it still sees all
     * of it. A key leased meanwhile anyway is still seen by {@code tokenIfFree}, or fenced.
     */
    private volatile boolean othersSeen;

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
        this.othersSeen = store.coordination().othersAlive(owner, announcedAt);
        long renewEvery = Math.max(1, period.toMillis() / 3);
        this.heartbeat = timer.scheduleAtFixedRate(this::renew, renewEvery, renewEvery, TimeUnit.MILLISECONDS);
        long beat = PRESENCE_BEAT.toMillis();
        this.presence = timer.scheduleAtFixedRate(this::beat, beat, beat, TimeUnit.MILLISECONDS);
    }

    /**
     * A key this process may compute; the caller looks for its result once more unless {@code
     * lookedUp}: then {@code found} is what the index held, read with the lease row.
     */
    record Taken(boolean lookedUp, Optional<CachedResult> found) {
        /** Taken with a lease: nothing was read after it. */
        static final Taken LEASED = new Taken(false, Optional.empty());
    }

    /**
     * Tries to become the process that computes a key.
     *
     * @param fromDispatch the lookup's dispatch ({@code Reuse.from}), or null
     * @return empty while another process holds the key, or while this process is too new to know
     *     what the others are running: look again later; else the key, with the index's answer
     *     for it when the store read it together with the lease row
     */
    Optional<Taken> tryTake(String cacheKey, String fromDispatch) {
        Instant now = clock.instant();
        if (!othersSeen) {
            // Alone, or the others are paused: a read, not a lease, unless a lease row is there;
            // the index is read in the same step (one round trip on a server store).
            Optional<FreeKey> free = store.lookupIfFree(cacheKey, owner, fromDispatch);
            if (free.isPresent()) {
                tokens.put(cacheKey, new Held(free.get().token()));
                unleased.add(cacheKey);
                return Optional.of(new Taken(true, free.get().found()));
            }
        } else if (now.isBefore(announcedAt.plus(PRESENCE_BEAT.multipliedBy(3)))) {
            return Optional.empty();
        }
        long token = store.coordination().takeLease(cacheKey, owner, now, now.plus(period));
        if (token < 0) {
            return Optional.empty();
        }
        tokens.put(cacheKey, new Held(token));
        return Optional.of(Taken.LEASED);
    }

    /**
     * Whether this process may still index its result for a key: nobody took the key over while it
     * computed (it may have been paused past its lease).
     */
    boolean stillHolds(String cacheKey) {
        Held held = cacheKey == null ? null : tokens.get(cacheKey);
        if (held == null) {
            return true;
        }
        synchronized (held) {
            return store.coordination().tokenIs(cacheKey, held.token);
        }
    }

    void release(String cacheKey) {
        tokens.remove(cacheKey);
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
            othersSeen = store.coordination().othersAlive(owner, now);
            // Publish what this process has been computing for a whole beat: whoever comes while
            // this process is paused must see it (shorter work ends before it matters, and stays
            // free of lease writes). Only under the token it computes under: a key taken over
            // meanwhile stays fenced, its lease is not taken back.
            for (String key : unleased) {
                Held held = tokens.get(key);
                if (lastBeat.contains(key) && held != null) {
                    publish(key, held, now);
                }
            }
            lastBeat = Set.copyOf(unleased);
        } catch (RuntimeException e) {
            // Retried on the next beat.
        }
    }

    /**
     * Takes the lease on a key this process computes unleased. Taking it moves the key's token on,
     * so the check and the take happen under the key's monitor, which {@link #stillHolds} takes as
     * well: a node that ends meanwhile would otherwise compare the old token with the new one and
     * fence its own result out of the index.
     */
    private void publish(String key, Held held, Instant now) {
        synchronized (held) {
            // Only under the token it computes under: a key taken over meanwhile stays fenced.
            if (!store.coordination().tokenIs(key, held.token)) {
                return;
            }
            long taken = store.coordination().takeLease(key, owner, now, now.plus(period));
            if (taken >= 0) {
                held.token = taken;
                if (!unleased.remove(key)) {
                    // Released meanwhile: a lease left behind would be renewed for ever.
                    store.coordination().releaseLease(key, owner);
                }
            }
        }
    }

    /** The token a key is computed under; its monitor orders the lease's publication and the fencing check. */
    private static final class Held {
        long token;

        Held(long token) {
            this.token = token;
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
