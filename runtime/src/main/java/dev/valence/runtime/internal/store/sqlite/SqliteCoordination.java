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
 * leases} tables: each check-and-take is one statement, so it is atomic across processes.
 */
final class SqliteCoordination implements Coordination {
    private final Database database;
    /** The id this process announced itself under; the dispatch log records it with each dispatch. */
    private volatile String owner;
    /** Keys this process holds the lease of: releasing any other key needs no write. */
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
        int[] changed = new int[1];
        database.transaction("take the lease on " + cacheKey, () -> {
            PreparedStatement upsert = database.prepare("INSERT INTO leases (cache_key, owner, expires_at)"
                    + " VALUES (?, ?, ?) ON CONFLICT (cache_key) DO UPDATE SET owner = excluded.owner,"
                    + " expires_at = excluded.expires_at WHERE leases.owner = excluded.owner OR leases.expires_at < ?");
            upsert.setString(1, cacheKey);
            upsert.setString(2, owner);
            setInstant(upsert, 3, expiresAt);
            setInstant(upsert, 4, now);
            changed[0] = upsert.executeUpdate();
        });
        if (changed[0] > 0) {
            synchronized (database.lock()) {
                leased.add(cacheKey);
            }
        }
        return changed[0] > 0;
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
            if (!leased.remove(cacheKey)) {
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
}
