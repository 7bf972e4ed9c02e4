package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.FreeKey;
import dev.valence.runtime.spi.store.RecordedFailure;
import dev.valence.runtime.spi.store.ResultIndex;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQLite store's key index: results by cache key ({@code results}, or one dispatch's nodes) and
 * the latest reusable failure per key, this process's pending records first. It only finds
 * candidates: whether a value is intact is {@link SqliteValues#whyUnusable}'s question.
 */
final class SqliteResultIndex implements ResultIndex {
    /** A result of the whole store: the key index joined with the value, for its codec. */
    private static final String RESULT_OF_KEY = "SELECT r.value_fingerprint, r.dispatch_id, r.node_index, v.codec"
            + " FROM results r JOIN stored_values v ON v.fingerprint = r.value_fingerprint WHERE r.cache_key = ?";

    /**
     * A key's lease holder and fencing token, and its result of the whole store, in one statement:
     * the first two columns as {@code SqliteCoordination.tokenIfFree} reads them, then the columns
     * of {@link #RESULT_OF_KEY}, null when there is no result.
     */
    private static final String LEASE_AND_RESULT_OF_KEY = "SELECT (SELECT owner FROM leases WHERE cache_key = ?1),"
            + " COALESCE((SELECT token FROM lease_tokens WHERE cache_key = ?1), 0),"
            + " hit.value_fingerprint, hit.dispatch_id, hit.node_index, hit.codec FROM (SELECT 1) LEFT JOIN"
            + " (SELECT r.value_fingerprint, r.dispatch_id, r.node_index, v.codec FROM results r"
            + " JOIN stored_values v ON v.fingerprint = r.value_fingerprint WHERE r.cache_key = ?1) hit";

    /** Keys per statement of {@link #lookupAll}: one cached statement, the last chunk padded with a repeated key. */
    static final int KEYS_PER_LOOKUP = 200;

    /** The results of {@value #KEYS_PER_LOOKUP} keys, each row with its key. */
    private static final String RESULTS_OF_KEYS =
            "SELECT r.value_fingerprint, r.dispatch_id, r.node_index, v.codec, r.cache_key FROM results r"
                    + " JOIN stored_values v ON v.fingerprint = r.value_fingerprint WHERE r.cache_key IN ("
                    + "?, ".repeat(KEYS_PER_LOOKUP - 1) + "?)";

    /** A result of one dispatch ({@code Reuse.from}): any of its nodes that has a value with the key. */
    private static final String RESULT_OF_DISPATCH =
            "SELECT n.value_fingerprint, COALESCE(n.reused_from_dispatch, n.dispatch_id),"
                    + " COALESCE(n.reused_from_node, n.node_index), v.codec FROM nodes n"
                    + " JOIN stored_values v ON v.fingerprint = n.value_fingerprint"
                    + " WHERE n.cache_key = ? AND n.dispatch_id = ? AND n.status IN ('COMPLETED', 'REUSED') LIMIT 1";

    /**
     * Failed nodes with a key, latest first, unless a success with the key ended after them: a later
     * success wins. The outcome columns come last, for {@link NodeColumns#outcome}.
     */
    private static final String FAILURES = "SELECT COALESCE(f.reused_from_dispatch, f.dispatch_id),"
            + " COALESCE(f.reused_from_node, f.node_index), f.error, f.kind, f.status, f.reason, %s"
            + " FROM nodes f WHERE f.cache_key = ? AND f.status = 'FAILED'%s"
            + " AND NOT EXISTS (SELECT 1 FROM nodes s WHERE s.cache_key = f.cache_key"
            + " AND s.status IN ('COMPLETED', 'REUSED') AND s.ended_at > f.ended_at)";

    /** Schema 6 on: only the electron's own failures (or replays of one), by their stored outcome. */
    private static final String REUSABLE_OUTCOME = " AND f.outcome IN ('ELECTRON_FAILED', 'FAILURE_REUSED')";

    private final Database database;
    private final CommitQueue queue;
    private final String failuresAnywhere;
    private final String failuresOfDispatch;

    SqliteResultIndex(Database database, CommitQueue queue) {
        this.database = database;
        this.queue = queue;
        // A read-only store older than schema 6 has no outcome column: its failures are all read,
        // and the outcome each implies is derived in Java (NodeColumns.outcome).
        boolean stored = database.features().outcomes();
        String failures = String.format(FAILURES, stored ? "f.outcome" : "NULL", stored ? REUSABLE_OUTCOME : "");
        String latest = " ORDER BY f.ended_at DESC" + (stored ? " LIMIT 1" : "");
        this.failuresAnywhere = failures + latest;
        this.failuresOfDispatch = failures + " AND f.dispatch_id = ?" + latest;
    }

    @Override
    public Optional<CachedResult> lookup(String cacheKey, String fromDispatch) {
        Optional<CachedResult> pendingHit = pendingResult(cacheKey, fromDispatch);
        if (pendingHit.isPresent()) {
            return pendingHit;
        }
        return database.query(
                "look up key " + cacheKey,
                fromDispatch == null ? RESULT_OF_KEY : RESULT_OF_DISPATCH,
                keyIn(cacheKey, fromDispatch),
                rows -> rows.next()
                        ? Optional.of(new CachedResult(
                                rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4)))
                        : Optional.empty());
    }

    /**
     * The key's fencing token when no other process holds its lease, with its result, in one
     * statement instead of {@code tokenIfFree} and {@link #lookup} one after the other
     * ({@code ResultStore.lookupIfFree}). This process's pending records come first, as in {@link
     * #lookup}.
     *
     * @param cacheKey the key
     * @param owner the caller: no lease row, or its own, leaves the key free
     * @return the token and the result, or empty while another process holds the lease
     */
    Optional<FreeKey> lookupIfFree(String cacheKey, String owner) {
        Optional<CachedResult> pendingHit = pendingResult(cacheKey, null);
        return database.query(
                "look for a lease on and a result of key " + cacheKey,
                LEASE_AND_RESULT_OF_KEY,
                statement -> statement.setString(1, cacheKey),
                row -> {
                    row.next();
                    String holder = row.getString(1);
                    if (holder != null && !holder.equals(owner)) {
                        return Optional.empty();
                    }
                    String fingerprint = row.getString(3);
                    Optional<CachedResult> found = pendingHit.isPresent() || fingerprint == null
                            ? pendingHit
                            : Optional.of(
                                    new CachedResult(fingerprint, row.getString(4), row.getInt(5), row.getString(6)));
                    return Optional.of(new FreeKey(row.getLong(2), found));
                });
    }

    /** A result with the key among this process's records not committed yet, the newest first. */
    private Optional<CachedResult> pendingResult(String cacheKey, String fromDispatch) {
        synchronized (database.lock()) {
            for (PendingWrites waiting : queue.overlay()) {
                Optional<CachedResult> pendingHit = waiting.lookup(cacheKey, fromDispatch);
                if (pendingHit.isPresent()) {
                    return pendingHit;
                }
            }
        }
        return Optional.empty();
    }

    /** In statements of {@value #KEYS_PER_LOOKUP} keys, after this process's pending records. */
    @Override
    public Map<String, CachedResult> lookupAll(Collection<String> cacheKeys, String fromDispatch) {
        if (fromDispatch != null || cacheKeys.size() < 2) {
            // Reuse.from(id) reads one dispatch's nodes: rare, and served key by key.
            return ResultIndex.super.lookupAll(cacheKeys, fromDispatch);
        }
        Map<String, CachedResult> found = new HashMap<>();
        List<String> unresolved = new ArrayList<>(cacheKeys.size());
        synchronized (database.lock()) {
            List<PendingWrites> overlay = queue.overlay();
            for (String cacheKey : cacheKeys) {
                CachedResult pendingHit = null;
                for (int i = 0; i < overlay.size() && pendingHit == null; i++) {
                    pendingHit = overlay.get(i).lookup(cacheKey, null).orElse(null);
                }
                if (pendingHit != null) {
                    found.put(cacheKey, pendingHit);
                } else {
                    unresolved.add(cacheKey);
                }
            }
        }
        for (int from = 0; from < unresolved.size(); from += KEYS_PER_LOOKUP) {
            List<String> chunk = unresolved.subList(from, Math.min(unresolved.size(), from + KEYS_PER_LOOKUP));
            database.query(
                    "look up " + chunk.size() + " keys",
                    RESULTS_OF_KEYS,
                    statement -> {
                        for (int i = 0; i < KEYS_PER_LOOKUP; i++) {
                            statement.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
                        }
                    },
                    rows -> {
                        while (rows.next()) {
                            found.put(
                                    rows.getString(5),
                                    new CachedResult(
                                            rows.getString(1), rows.getString(2), rows.getInt(3), rows.getString(4)));
                        }
                        return null;
                    });
        }
        return found;
    }

    /** Binds a key, and the one dispatch to search when there is one. */
    private static Database.Binder keyIn(String cacheKey, String fromDispatch) {
        return statement -> {
            statement.setString(1, cacheKey);
            if (fromDispatch != null) {
                statement.setString(2, fromDispatch);
            }
        };
    }

    @Override
    public Optional<RecordedFailure> lookupFailure(String cacheKey, String fromDispatch) {
        synchronized (database.lock()) {
            for (PendingWrites waiting : queue.overlay()) {
                Optional<RecordedFailure> pendingFailure = waiting.lookupFailure(cacheKey, fromDispatch);
                if (pendingFailure.isPresent()) {
                    return pendingFailure;
                }
            }
        }
        return database.query(
                "look up a failure with key " + cacheKey,
                fromDispatch == null ? failuresAnywhere : failuresOfDispatch,
                keyIn(cacheKey, fromDispatch),
                rows -> {
                    while (rows.next()) {
                        NodeKind kind = NodeKind.valueOf(rows.getString(4));
                        NodeStatus status = NodeStatus.valueOf(rows.getString(5));
                        if (NodeColumns.outcome(rows.getString(7), kind, status, rows.getString(6))
                                .isReusableFailure()) {
                            return Optional.of(
                                    new RecordedFailure(rows.getString(1), rows.getInt(2), rows.getString(3)));
                        }
                    }
                    return Optional.empty();
                });
    }
}
