package dev.valence.postgres.internal;

import static dev.valence.postgres.internal.PgTypes.setInstant;

import dev.valence.runtime.spi.store.Coordination;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence and leases among the processes and machines sharing the store: a row per instance in
 * {@code processes} with its expiry, and a claim row per cache key in {@code leases}. Taking a lease
 * is one statement ({@code INSERT ... ON CONFLICT DO UPDATE ... WHERE} the row is free, the
 * caller's, or expired), which PostgreSQL runs atomically against concurrent takers of the same key.
 * Times are the callers' (the SPI passes them), as in the embedded store.
 *
 * <p>Fencing tokens come from the sequence {@code lease_tokens}: a take that passes the lease to
 * another owner (a new key, a released one, a take-over) draws the next number, a renewal by the
 * holder keeps its own. Releasing keeps the row and its token, with no owner, so a token never goes
 * back. Tokens grow per key; they are not consecutive.
 */
public final class PgCoordination implements Coordination {
    private static final String TAKE = "INSERT INTO leases (cache_key, owner, expires_at, token)"
            + " VALUES (?, ?, ?, nextval('lease_tokens')) ON CONFLICT (cache_key) DO UPDATE SET"
            + " owner = EXCLUDED.owner, expires_at = EXCLUDED.expires_at,"
            + " token = CASE WHEN leases.owner = EXCLUDED.owner THEN leases.token ELSE EXCLUDED.token END"
            + " WHERE leases.owner IS NULL OR leases.owner = EXCLUDED.owner OR leases.expires_at < ?"
            + " RETURNING token";

    /** How long an answer of {@link #othersAlive} is reused, in the caller's time. */
    private static final Duration PRESENCE_REUSE = Duration.ofMillis(100);

    private final PgDatabase database;
    /** The last answer of {@link #othersAlive}, or null. */
    private volatile Presence presence;
    /** The id this process announced itself under; the dispatch log records it with each dispatch. */
    private volatile String owner;
    /** Key and owner of the leases this process holds: releasing any other needs no write. */
    private final Set<String> leased = ConcurrentHashMap.newKeySet();

    PgCoordination(PgDatabase database) {
        this.database = database;
    }

    /** @return the id this process announced itself under, or null before it did */
    String owner() {
        return owner;
    }

    @Override
    public void announce(String owner, Instant expiresAt) {
        this.owner = owner;
        // This process's own announcements change the answer for other owners it serves.
        presence = null;
        database.write("announce " + owner, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO processes (owner, expires_at)"
                    + " VALUES (?, ?) ON CONFLICT (owner) DO UPDATE SET expires_at = EXCLUDED.expires_at")) {
                upsert.setString(1, owner);
                setInstant(upsert, 2, expiresAt);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean othersAlive(String owner, Instant now) {
        // Asked before every node: an answer is reused for a moment (presence itself is renewed
        // only every 200 ms, so it is that stale anyway), and the lease rows are read regardless.
        Presence known = presence;
        if (known != null
                && known.owner.equals(owner)
                && !now.isBefore(known.at)
                && now.isBefore(known.at.plus(PRESENCE_REUSE))) {
            return known.othersAlive;
        }
        boolean alive = database.query(
                "look for other processes",
                "SELECT 1 FROM processes WHERE owner <> ? AND expires_at >= ? LIMIT 1",
                statement -> {
                    statement.setString(1, owner);
                    setInstant(statement, 2, now);
                },
                ResultSet::next);
        presence = new Presence(owner, now, alive);
        return alive;
    }

    /** What {@link #othersAlive} answered an owner at an instant. */
    private record Presence(String owner, Instant at, boolean othersAlive) {}

    @Override
    public boolean tryLease(String cacheKey, String owner, Instant now, Instant expiresAt) {
        return takeLease(cacheKey, owner, now, expiresAt) >= 0;
    }

    @Override
    public long takeLease(String cacheKey, String owner, Instant now, Instant expiresAt) {
        long token = database.write("take the lease on " + cacheKey, connection -> {
            try (PreparedStatement take = connection.prepareStatement(TAKE)) {
                take.setString(1, cacheKey);
                take.setString(2, owner);
                setInstant(take, 3, expiresAt);
                setInstant(take, 4, now);
                try (ResultSet row = take.executeQuery()) {
                    return row.next() ? row.getLong(1) : -1L;
                }
            }
        });
        if (token >= 0) {
            leased.add(held(cacheKey, owner));
        }
        return token;
    }

    @Override
    public long tokenIfFree(String cacheKey, String owner) {
        return database.query(
                "look for a lease on " + cacheKey,
                "SELECT owner, token FROM leases WHERE cache_key = ?",
                statement -> statement.setString(1, cacheKey),
                row -> {
                    if (!row.next()) {
                        return 0L;
                    }
                    String holder = row.getString(1);
                    return holder == null || holder.equals(owner) ? row.getLong(2) : -1L;
                });
    }

    @Override
    public boolean tokenIs(String cacheKey, long token) {
        return database.query(
                "check the fencing token of " + cacheKey,
                "SELECT COALESCE((SELECT token FROM leases WHERE cache_key = ?), 0)",
                statement -> statement.setString(1, cacheKey),
                row -> row.next() && row.getLong(1) == token);
    }

    @Override
    public void renewLeases(String owner, Instant expiresAt) {
        database.write("renew the leases of " + owner, connection -> {
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE leases SET expires_at = ? WHERE owner = ?")) {
                setInstant(update, 1, expiresAt);
                update.setString(2, owner);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void releaseLease(String cacheKey, String owner) {
        if (!leased.remove(held(cacheKey, owner))) {
            return;
        }
        database.write("release the lease on " + cacheKey, connection -> {
            try (PreparedStatement release = connection.prepareStatement(
                    "UPDATE leases SET owner = NULL, expires_at = NULL WHERE cache_key = ? AND owner = ?")) {
                release.setString(1, cacheKey);
                release.setString(2, owner);
                release.executeUpdate();
            }
            return null;
        });
    }

    private static String held(String cacheKey, String owner) {
        return cacheKey + '\0' + owner;
    }
}
