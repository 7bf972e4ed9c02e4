package dev.valence.postgres.internal;

import dev.valence.runtime.Pruned;
import dev.valence.runtime.spi.store.Housekeeping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Space management of the PostgreSQL store: the size of its tables (with their indexes and TOAST),
 * deleting dispatches with their children, pruning values and blobs nothing refers to, and {@code
 * VACUUM}. Each first commits what is pending, which would otherwise be written back after a delete.
 */
public final class PgHousekeeping implements Housekeeping {
    /** Every table of the store, for its size and for VACUUM. */
    static final List<String> TABLES = List.of(
            "dispatches",
            "replacements",
            "nodes",
            "results",
            "stored_values",
            "value_blobs",
            "blobs",
            "blob_chunks",
            "processes",
            "leases",
            "cancel_requests");

    /** Values no node and no key-index entry refers to. */
    private static final String UNREFERENCED = " FROM stored_values v WHERE NOT EXISTS"
            + " (SELECT 1 FROM nodes n WHERE n.value_fingerprint = v.fingerprint)"
            + " AND NOT EXISTS (SELECT 1 FROM results r WHERE r.value_fingerprint = v.fingerprint)";

    private final PgDatabase database;
    private final Committer committer;
    private final BlobArea blobs;
    private final boolean blobsInDatabase;

    PgHousekeeping(PgDatabase database, Committer committer, BlobArea blobs, boolean blobsInDatabase) {
        this.database = database;
        this.committer = committer;
        this.blobs = blobs;
        this.blobsInDatabase = blobsInDatabase;
    }

    @Override
    public long storeSize() {
        long tables = database.query(
                "measure the store",
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname = ANY (?)",
                statement -> statement.setArray(1, statement.getConnection().createArrayOf("text", TABLES.toArray())),
                rows -> {
                    rows.next();
                    return rows.getLong(1);
                });
        // Blobs in the database are in blob_chunks already.
        return blobsInDatabase ? tables : tables + blobs.totalSize();
    }

    @Override
    public boolean deleteDispatch(String dispatchId) {
        committer.checkpoint();
        return database.write("delete dispatch " + dispatchId, connection -> {
            List<String> doomed = descendants(connection, dispatchId);
            try (PreparedStatement dispatches =
                    connection.prepareStatement("DELETE FROM dispatches WHERE id = ANY (?)")) {
                for (String table : List.of("nodes", "replacements", "results", "cancel_requests")) {
                    try (PreparedStatement delete =
                            connection.prepareStatement("DELETE FROM " + table + " WHERE dispatch_id = ANY (?)")) {
                        delete.setArray(1, connection.createArrayOf("text", doomed.toArray()));
                        delete.executeUpdate();
                    }
                }
                dispatches.setArray(1, connection.createArrayOf("text", doomed.toArray()));
                dispatches.executeUpdate();
            }
            return !doomed.isEmpty();
        });
    }

    /** A dispatch and the child dispatches of its sublattices, at any depth; empty when it is not stored. */
    private static List<String> descendants(Connection connection, String dispatchId) throws SQLException {
        List<String> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("WITH RECURSIVE tree (id) AS ("
                + " SELECT id FROM dispatches WHERE id = ?"
                + " UNION SELECT d.id FROM dispatches d JOIN tree t ON d.parent_id = t.id) SELECT id FROM tree")) {
            select.setString(1, dispatchId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }

    @Override
    public Pruned prune() {
        committer.checkpoint();
        long[] values = database.write("prune unreferenced values", connection -> {
            long[] counts = new long[2];
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT COUNT(*), COALESCE(SUM(octet_length(v.data)), 0)" + UNREFERENCED)) {
                    rows.next();
                    counts[0] = rows.getLong(1);
                    counts[1] = rows.getLong(2);
                }
                statement.executeUpdate("DELETE" + UNREFERENCED);
                statement.executeUpdate("DELETE FROM value_blobs b WHERE NOT EXISTS"
                        + " (SELECT 1 FROM stored_values v WHERE v.fingerprint = b.fingerprint)");
            }
            return counts;
        });
        Set<String> referenced = database.query(
                "list the blobs values refer to", "SELECT DISTINCT sha256 FROM value_blobs", statement -> {}, rows -> {
                    Set<String> found = new HashSet<>();
                    while (rows.next()) {
                        found.add(rows.getString(1));
                    }
                    return found;
                });
        int blobCount = 0;
        long blobBytes = 0;
        for (String sha256 : blobs.hashes()) {
            if (!referenced.contains(sha256)) {
                blobBytes += blobs.delete(sha256);
                blobCount++;
            }
        }
        return new Pruned(Math.toIntExact(values[0]), values[1], blobCount, blobBytes);
    }

    /**
     * Runs {@code VACUUM} on the store's tables, on a connection in auto-commit mode (VACUUM cannot
     * run in a transaction). Plain VACUUM, not FULL: it makes the space of deleted rows reusable and
     * gives trailing empty pages back without locking out the other processes sharing the store,
     * which {@code VACUUM FULL} would for as long as it rewrites a table.
     */
    @Override
    public void vacuum() {
        committer.checkpoint();
        database.read("vacuum the store", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM (ANALYZE) " + String.join(", ", TABLES));
            }
            return null;
        });
    }
}
