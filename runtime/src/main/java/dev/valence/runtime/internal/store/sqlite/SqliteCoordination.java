package dev.valence.runtime.internal.store.sqlite;

import static dev.valence.runtime.internal.store.sqlite.SqlTypes.setInstant;

import dev.valence.runtime.spi.store.Coordination;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Presence and leases among the processes sharing the store, in the {@code processes} and {@code
 * leases} tables: each check-and-take is one write transaction, so it is atomic across processes.
 * Fencing tokens live in {@code lease_tokens}, one row per key ever leased, kept after the lease is
 * released so that a token never goes back.
 */
final class SqliteCoordination implements Coordination {
    private final Database database;
    /** The id this process announced itself under; the dispatch log records it with each dispatch. */
    private volatile String owner;
    /** Key and owner of each lease this process holds: releasing any other needs no write. */
    private final Set<String> leased = new HashSet<>();

    SqliteCoordination(Database database) {
        this.database = database;
    }

    /** @return the id this process announced itself under, or null before it did */
    String owner() {
        return owner;
    }

    @Override
    public void announce(String owner, Instant expiresAt) {
        this.owner = owner;
        database.transaction("announce " + owner, () -> {
            PreparedStatement upsert = database.prepare("INSERT INTO processes (owner, expires_at) VALUES (?, ?)"
                    + " ON CONFLICT (owner) DO UPDATE SET expires_at = excluded.expires_at");
            upsert.setString(1, owner);
            setInstant(upsert, 2, expiresAt);
            upsert.executeUpdate();
        });
    }

    @Override
    public boolean othersAlive(String owner, Instant now) {
        return database.query(
                "look for other processes",
                "SELECT 1 FROM processes WHERE owner <> ? AND expires_at >= ? LIMIT 1",
                statement -> {
                    statement.setString(1, owner);
                    setInstant(statement, 2, now);
                },
                ResultSet::next);
    }

    @Override
    public boolean tryLease(String cacheKey, String owner, Instant now, Instant expiresAt) {
        return takeLease(cacheKey, owner, now, expiresAt) >= 0;
    }

    @Override
    public long takeLease(String cacheKey, String owner, Instant now, Instant expiresAt) {
        long[] token = {-1};
        database.transaction("take the lease on " + cacheKey, () -> {
            // Writes first: a read would open a snapshot that another process's commit makes stale,
            // and the upgrade to a write would then fail at once instead of waiting.
            // The token moves on exactly when the lease is about to change hands (the key is free, or
            // its holder's lease expired), so whoever computed under the old token is fenced out.
            PreparedStatement bump = database.prepare("INSERT INTO lease_tokens (cache_key, token) SELECT ?1, 1"
                    + " WHERE NOT EXISTS (SELECT 1 FROM leases WHERE cache_key = ?1 AND (owner = ?2 OR expires_at >= ?3))"
                    + " ON CONFLICT (cache_key) DO UPDATE SET token = token + 1");
            bump.setString(1, cacheKey);
            bump.setString(2, owner);
            setInstant(bump, 3, now);
            bump.executeUpdate();
            PreparedStatement upsert = database.prepare("INSERT INTO leases (cache_key, owner, expires_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (cache_key) DO UPDATE SET owner = excluded.owner,"
                    + " expires_at = excluded.expires_at WHERE leases.owner = excluded.owner OR leases.expires_at < ?");
            upsert.setString(1, cacheKey);
            upsert.setString(2, owner);
            setInstant(upsert, 3, expiresAt);
            setInstant(upsert, 4, now);
            if (upsert.executeUpdate() > 0) {
                token[0] = readToken(cacheKey);
            }
        });
        if (token[0] >= 0) {
            synchronized (database.lock()) {
                leased.add(held(cacheKey, owner));
            }
        }
        return token[0];
    }

    @Override
    public long tokenIfFree(String cacheKey, String owner) {
        return database.query(
                "look for a lease on " + cacheKey,
                "SELECT (SELECT owner FROM leases WHERE cache_key = ?1),"
                        + " COALESCE((SELECT token FROM lease_tokens WHERE cache_key = ?1), 0)",
                statement -> statement.setString(1, cacheKey),
                row -> {
                    row.next();
                    String holder = row.getString(1);
                    return holder == null || holder.equals(owner) ? row.getLong(2) : -1L;
                });
    }

    @Override
    public boolean tokenIs(String cacheKey, long token) {
        return database.query(
                "check the fencing token of " + cacheKey,
                "SELECT COALESCE((SELECT token FROM lease_tokens WHERE cache_key = ?), 0)",
                statement -> statement.setString(1, cacheKey),
                row -> row.next() && row.getLong(1) == token);
    }

    private long readToken(String cacheKey) throws java.sql.SQLException {
        PreparedStatement select = database.prepare("SELECT token FROM lease_tokens WHERE cache_key = ?");
        select.setString(1, cacheKey);
        try (ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
        }
    }

    @Override
    public void renewLeases(String owner, Instant expiresAt) {
        database.transaction("renew the leases of " + owner, () -> {
            PreparedStatement update = database.prepare("UPDATE leases SET expires_at = ? WHERE owner = ?");
            setInstant(update, 1, expiresAt);
            update.setString(2, owner);
            update.executeUpdate();
        });
    }

    @Override
    public void releaseLease(String cacheKey, String owner) {
        synchronized (database.lock()) {
            if (!leased.remove(held(cacheKey, owner))) {
                return;
            }
        }
        database.transaction("release the lease on " + cacheKey, () -> {
            PreparedStatement delete = database.prepare("DELETE FROM leases WHERE cache_key = ? AND owner = ?");
            delete.setString(1, cacheKey);
            delete.setString(2, owner);
            delete.executeUpdate();
        });
    }

    /** A release by an owner that does not hold the key must not forget the holder's lease. */
    private static String held(String cacheKey, String owner) {
        return cacheKey + '\0' + owner;
    }
}
