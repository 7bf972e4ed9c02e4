package dev.valence.postgres.internal;

import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.FreeKey;
import dev.valence.runtime.spi.store.RecordedFailure;
import dev.valence.runtime.spi.store.ResultIndex;
import java.sql.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The PostgreSQL store's key index: results by cache key ({@code results}, or one dispatch's
 * nodes) and the latest reusable failure per key, this process's pending records first. It only
 * finds candidates: whether a value is intact is {@link PgValues#whyUnusable}'s question.
 */
public final class PgResultIndex implements ResultIndex {
    /** A result of the whole store: the key index joined with the value, for its codec. */
    private static final String RESULT_OF_KEY = "SELECT r.value_fingerprint, r.dispatch_id, r.node_index, v.codec"
            + " FROM results r JOIN stored_values v ON v.fingerprint = r.value_fingerprint WHERE r.cache_key = ?";

    /** A key's lease row (owner, token) and its result, each column null where there is none: always one row. */
    private static final String LEASE_AND_RESULT_OF_KEY = "SELECT l.owner, l.token, r.value_fingerprint,"
            + " r.dispatch_id, r.node_index, v.codec FROM (SELECT 1) AS one"
            + " LEFT JOIN leases l ON l.cache_key = ?"
            + " LEFT JOIN (results r JOIN stored_values v ON v.fingerprint = r.value_fingerprint) ON r.cache_key = ?";

    /** The results of many keys, passed as one text array, each row with its key. */
    private static final String RESULTS_OF_KEYS =
            "SELECT r.value_fingerprint, r.dispatch_id, r.node_index, v.codec, r.cache_key FROM results r"
                    + " JOIN stored_values v ON v.fingerprint = r.value_fingerprint WHERE r.cache_key = ANY(?)";

    /** Keys per round trip of {@link #lookupAll}: large arrays are fine, but a statement stays bounded. */
    private static final int KEYS_PER_LOOKUP = 1_000;

    /** A result of one dispatch ({@code Reuse.from}): any of its nodes that has a value with the key. */
    private static final String RESULT_OF_DISPATCH =
            "SELECT n.value_fingerprint, COALESCE(n.reused_from_dispatch, n.dispatch_id),"
                    + " COALESCE(n.reused_from_node, n.node_index), v.codec FROM nodes n"
                    + " JOIN stored_values v ON v.fingerprint = n.value_fingerprint"
                    + " WHERE n.cache_key = ? AND n.dispatch_id = ? AND n.status IN ('COMPLETED', 'REUSED') LIMIT 1";

    /** The latest of the electron's own failures (or replays of one) that no later success of the key overrides. */
    private static final String FAILURE = "SELECT COALESCE(f.reused_from_dispatch, f.dispatch_id),"
            + " COALESCE(f.reused_from_node, f.node_index), f.error FROM nodes f"
            + " WHERE f.cache_key = ? AND f.status = 'FAILED' AND f.outcome IN ('ELECTRON_FAILED', 'FAILURE_REUSED')"
            + " %s AND NOT EXISTS (SELECT 1 FROM nodes s WHERE s.cache_key = f.cache_key"
            + " AND s.status IN ('COMPLETED', 'REUSED') AND s.ended_at > f.ended_at)"
            + " ORDER BY f.ended_at DESC NULLS LAST LIMIT 1";

    private static final String FAILURE_ANYWHERE = String.format(FAILURE, "");
    private static final String FAILURE_OF_DISPATCH = String.format(FAILURE, "AND f.dispatch_id = ?");

    private final PgDatabase database;
    private final Committer committer;

    PgResultIndex(PgDatabase database, Committer committer) {
        this.database = database;
        this.committer = committer;
    }

    @Override
    public Optional<CachedResult> lookup(String cacheKey, String fromDispatch) {
        return committer.visible(() -> {
            Optional<CachedResult> pending = committer.overlay(batch -> batch.lookup(cacheKey, fromDispatch));
            if (pending.isPresent()) {
                return pending;
            }
            return database.query(
                    "look up key " + cacheKey,
                    fromDispatch == null ? RESULT_OF_KEY : RESULT_OF_DISPATCH,
                    statement -> {
                        statement.setString(1, cacheKey);
                        if (fromDispatch != null) {
                            statement.setString(2, fromDispatch);
                        }
                    },
                    rows -> rows.next()
                            ? Optional.of(new CachedResult(
                                    rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4)))
                            : Optional.empty());
        });
    }

    /**
     * The lease row of a key and its result in one statement, for a process alone that computes
     * the key unleased ({@code ResultStore.lookupIfFree}); both come from one snapshot, so a result
     * committed before its lease was released is seen. This process's pending records come first,
     * as in {@link #lookup}.
     *
     * @param cacheKey the key
     * @param owner the caller: a lease row without owner, or its own, leaves the key free
     * @return the token and the result, or empty while another process holds the lease
     */
    public Optional<FreeKey> lookupIfFree(String cacheKey, String owner) {
        return committer.visible(() -> {
            Optional<CachedResult> pending = committer.overlay(batch -> batch.lookup(cacheKey, null));
            return database.query(
                    "look for a lease on and a result of key " + cacheKey,
                    LEASE_AND_RESULT_OF_KEY,
                    statement -> {
                        statement.setString(1, cacheKey);
                        statement.setString(2, cacheKey);
                    },
                    rows -> {
                        rows.next();
                        String holder = rows.getString(1);
                        long token = rows.getLong(2);
                        boolean leased = !rows.wasNull();
                        if (leased && holder != null && !holder.equals(owner)) {
                            return Optional.empty();
                        }
                        String fingerprint = rows.getString(3);
                        Optional<CachedResult> found = pending.isPresent() || fingerprint == null
                                ? pending
                                : Optional.of(new CachedResult(
                                        fingerprint, rows.getString(4), rows.getInt(5), rows.getString(6)));
                        return Optional.of(new FreeKey(leased ? token : 0L, found));
                    });
        });
    }

    /** One round trip per {@value #KEYS_PER_LOOKUP} keys, after this process's pending records. */
    @Override
    public Map<String, CachedResult> lookupAll(Collection<String> cacheKeys, String fromDispatch) {
        if (fromDispatch != null || cacheKeys.size() < 2) {
            // Reuse.from(id) reads one dispatch's nodes: rare, and served key by key.
            return ResultIndex.super.lookupAll(cacheKeys, fromDispatch);
        }
        return committer.visible(() -> {
            Map<String, CachedResult> found = new HashMap<>();
            List<String> unresolved = new ArrayList<>(cacheKeys.size());
            for (String cacheKey : cacheKeys) {
                Optional<CachedResult> pending = committer.overlay(batch -> batch.lookup(cacheKey, null));
                if (pending.isPresent()) {
                    found.put(cacheKey, pending.get());
                } else {
                    unresolved.add(cacheKey);
                }
            }
            for (int from = 0; from < unresolved.size(); from += KEYS_PER_LOOKUP) {
                List<String> chunk = unresolved.subList(from, Math.min(unresolved.size(), from + KEYS_PER_LOOKUP));
                database.query(
                        "look up " + chunk.size() + " keys",
                        RESULTS_OF_KEYS,
                        statement -> {
                            Array keys = statement.getConnection().createArrayOf("text", chunk.toArray());
                            statement.setArray(1, keys);
                        },
                        rows -> {
                            while (rows.next()) {
                                found.put(
                                        rows.getString(5),
                                        new CachedResult(
                                                rows.getString(1),
                                                rows.getString(2),
                                                rows.getInt(3),
                                                rows.getString(4)));
                            }
                            return null;
                        });
            }
            return found;
        });
    }

    @Override
    public Optional<RecordedFailure> lookupFailure(String cacheKey, String fromDispatch) {
        return committer.visible(() -> {
            Optional<RecordedFailure> pending = committer.overlay(batch -> batch.lookupFailure(cacheKey, fromDispatch));
            if (pending.isPresent()) {
                return pending;
            }
            return database.query(
                    "look up a failure with key " + cacheKey,
                    fromDispatch == null ? FAILURE_ANYWHERE : FAILURE_OF_DISPATCH,
                    statement -> {
                        statement.setString(1, cacheKey);
                        if (fromDispatch != null) {
                            statement.setString(2, fromDispatch);
                        }
                    },
                    rows -> rows.next()
                            ? Optional.of(new RecordedFailure(rows.getString(1), rows.getInt(2), rows.getString(3)))
                            : Optional.empty());
        });
    }
}
