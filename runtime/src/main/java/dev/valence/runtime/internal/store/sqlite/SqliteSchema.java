package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.Function;

/**
 * Creates the embedded store's tables, migrates a database of an older schema in place, and says
 * what a database of a given schema has, so that a read-only store (which cannot be migrated) is
 * read the way its schema allows.
 */
final class SqliteSchema {
    /** The schema this version writes. */
    static final int VERSION = 8;

    /** The oldest schema a read-only store may have; older ones must be opened read-write once. */
    static final int OLDEST_READ_ONLY = 2;

    /** The SQL function the schema-6 migration derives old nodes' outcomes with. */
    private static final String LEGACY_OUTCOME = "valence_legacy_outcome";

    /**
     * What a database of one schema version has.
     *
     * @param version the schema version
     */
    record Features(int version) {
        /** @return whether values carry a CRC32C of their bytes (schema 4 on) */
        boolean checksums() {
            return version >= 4;
        }

        /** @return whether dispatches record the process running them (schema 5 on) */
        boolean owners() {
            return version >= 5;
        }

        /** @return whether nodes store their outcome in a column (schema 6 on) */
        boolean outcomes() {
            return version >= 6;
        }

        /** @return whether nodes keep what their electrons printed (schema 7 on) */
        boolean capturedOutput() {
            return version >= 7;
        }

        /** @return whether a dispatch keeps its nodes that have not started in its own row (schema 8 on) */
        boolean pendingNodes() {
            return version >= 8;
        }

        /** @return whether the blobs each value refers to are listed in {@code value_blobs} (schema 6 on) */
        boolean valueBlobs() {
            return version >= 6;
        }
    }

    private SqliteSchema() {}

    /** Reads the schema version of a database another version may have written, for a read-only open. */
    static Features readOnly(Connection connection) throws SQLException {
        int found;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            found = rows.next() ? Integer.parseInt(rows.getString(1)) : 0;
        }
        if (found < OLDEST_READ_ONLY || found > VERSION) {
            throw new IllegalStateException("its schema version " + found + " is not one this version reads read-only"
                    + " (" + OLDEST_READ_ONLY + " to " + VERSION + "); open it once read-write to upgrade it");
        }
        return new Features(found);
    }

    /**
     * Creates the tables of a new database, or migrates an older one to {@link #VERSION}, inside the
     * caller's write transaction.
     *
     * @return the features of the current schema
     * @throws IllegalStateException when a newer version of Valence wrote the database
     */
    static Features create(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        int found = 0;
        try (ResultSet rows = statement.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            if (rows.next()) {
                found = Integer.parseInt(rows.getString(1));
                if (found > VERSION) {
                    throw new IllegalStateException("the store was written by a newer Valence (schema " + found
                            + ", this version reads " + VERSION + "); upgrade Valence or use another folder");
                }
            }
        }
        try (PreparedStatement upsert = statement
                .getConnection()
                .prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)")) {
            upsert.setString(1, Integer.toString(VERSION));
            upsert.executeUpdate();
        }
        boolean migrating = found >= 1 && found < VERSION;
        if (migrating) {
            addColumns(statement, found);
        }
        createTables(statement);
        if (migrating && found < 6) {
            fillOutcomes(statement);
            LegacyBlobReferences.fill(statement.getConnection());
        }
        return new Features(VERSION);
    }

    /** The columns each schema added to tables that existed before it; they stay empty for old rows. */
    private static void addColumns(Statement statement, int found) throws SQLException {
        if (found == 1) {
            // Version 2 keeps what explanations need.
            statement.execute("ALTER TABLE nodes ADD COLUMN code_fingerprint TEXT");
            statement.execute("ALTER TABLE nodes ADD COLUMN version TEXT");
            statement.execute("ALTER TABLE nodes ADD COLUMN reason TEXT");
        }
        if (found < 3) {
            // Version 3 records which dispatches are sublattice children of which node.
            statement.execute("ALTER TABLE dispatches ADD COLUMN parent_id TEXT");
            statement.execute("ALTER TABLE dispatches ADD COLUMN parent_node INTEGER");
        }
        if (found < 4) {
            // Version 4 keeps a CRC32C of each value's bytes; values stored before stay unchecked.
            statement.execute("ALTER TABLE stored_values ADD COLUMN checksum INTEGER");
        }
        if (found < 5) {
            // Version 5 records the process running each dispatch, to tell an interrupted one.
            statement.execute("ALTER TABLE dispatches ADD COLUMN owner TEXT");
        }
        if (found < 6) {
            // Version 6 stores how each node ended, so that reuse never reads the prose of its reason.
            statement.execute("ALTER TABLE nodes ADD COLUMN outcome TEXT");
        }
        if (found < 7) {
            // Version 7 keeps what each Java electron printed.
            for (String column : new String[] {
                "stdout TEXT", "stdout_bytes INTEGER", "stdout_truncated INTEGER",
                "stderr TEXT", "stderr_bytes INTEGER", "stderr_truncated INTEGER"
            }) {
                statement.execute("ALTER TABLE nodes ADD COLUMN " + column);
            }
        }
        if (found < 8) {
            // Version 8 keeps a dispatch's nodes that have not started in one value (PendingNodes).
            statement.execute("ALTER TABLE dispatches ADD COLUMN pending_nodes BLOB");
        }
    }

    private static void createTables(Statement statement) throws SQLException {
        statement.execute("CREATE TABLE IF NOT EXISTS dispatches ("
                + " id TEXT PRIMARY KEY, lattice_id TEXT NOT NULL, lattice_name TEXT NOT NULL,"
                + " lattice_catalog TEXT NOT NULL, result_type TEXT NOT NULL, output_node INTEGER NOT NULL,"
                + " status TEXT NOT NULL, created_at INTEGER NOT NULL, ended_at INTEGER, reuse TEXT NOT NULL,"
                + " redispatch_of TEXT, error TEXT, parent_id TEXT, parent_node INTEGER, owner TEXT,"
                + " pending_nodes BLOB)");
        statement.execute("CREATE TABLE IF NOT EXISTS replacements ("
                + " dispatch_id TEXT NOT NULL, original_id TEXT NOT NULL, replacement_id TEXT NOT NULL,"
                + " replacement_catalog TEXT NOT NULL, PRIMARY KEY (dispatch_id, original_id))");
        statement.execute("CREATE TABLE IF NOT EXISTS nodes ("
                + " dispatch_id TEXT NOT NULL, node_index INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,"
                + " electron_id TEXT, electron_catalog TEXT, type TEXT NOT NULL, arguments TEXT NOT NULL,"
                + " status TEXT NOT NULL, started_at INTEGER, ended_at INTEGER, attempts INTEGER NOT NULL,"
                + " cache_key TEXT, value_fingerprint TEXT, reused_from_dispatch TEXT, reused_from_node INTEGER,"
                + " error TEXT, code_fingerprint TEXT, version TEXT, reason TEXT, outcome TEXT,"
                + " stdout TEXT, stdout_bytes INTEGER, stdout_truncated INTEGER,"
                + " stderr TEXT, stderr_bytes INTEGER, stderr_truncated INTEGER,"
                + " PRIMARY KEY (dispatch_id, node_index))");
        statement.execute("CREATE INDEX IF NOT EXISTS nodes_by_key ON nodes (cache_key, dispatch_id)");
        statement.execute("CREATE TABLE IF NOT EXISTS results ("
                + " cache_key TEXT PRIMARY KEY, value_fingerprint TEXT NOT NULL, dispatch_id TEXT NOT NULL,"
                + " node_index INTEGER NOT NULL, created_at INTEGER)");
        statement.execute("CREATE TABLE IF NOT EXISTS stored_values (fingerprint TEXT PRIMARY KEY,"
                + " codec TEXT NOT NULL, type TEXT NOT NULL, data BLOB NOT NULL, checksum INTEGER)");
        // The blobs each value refers to, as its codec reported them: checked before a value is
        // reused, and kept by prune. Written with the value, in the same transaction.
        statement.execute("CREATE TABLE IF NOT EXISTS value_blobs ("
                + " fingerprint TEXT NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (fingerprint, sha256))");
        // Single flight across processes: the process computing a key holds its lease until the result is stored.
        statement.execute("CREATE TABLE IF NOT EXISTS processes (owner TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)");
        statement.execute("CREATE TABLE IF NOT EXISTS leases ("
                + " cache_key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)");
        // Fencing: grows whenever a key's lease changes hands. A table of its own, created on any
        // open, so stores of schema 6 gain it without a migration and older readers ignore it.
        statement.execute(
                "CREATE TABLE IF NOT EXISTS lease_tokens (cache_key TEXT PRIMARY KEY, token INTEGER NOT NULL)");
        // Cancel by id from another process: the running process polls this while it runs
        // dispatches. Created on any open, like lease_tokens; a row goes when its dispatch ends.
        statement.execute("CREATE TABLE IF NOT EXISTS cancel_requests ("
                + " dispatch_id TEXT PRIMARY KEY, requested_at INTEGER NOT NULL)");
    }

    /**
     * Fills the outcome of nodes recorded before schema 6 from their status and reason, in one
     * statement: {@link LegacyOutcome} is registered as an SQL function for it, so that the
     * migration and the reading of unmigrated read-only stores share one rule.
     */
    private static void fillOutcomes(Statement statement) throws SQLException {
        Connection connection = statement.getConnection();
        Function.create(connection, LEGACY_OUTCOME, new Function() {
            @Override
            protected void xFunc() throws SQLException {
                result(LegacyOutcome.of(
                                NodeKind.valueOf(value_text(0)), NodeStatus.valueOf(value_text(1)), value_text(2))
                        .name());
            }
        });
        try {
            statement.executeUpdate(
                    "UPDATE nodes SET outcome = " + LEGACY_OUTCOME + "(kind, status, reason) WHERE outcome IS NULL");
        } finally {
            Function.destroy(connection, LEGACY_OUTCOME);
        }
    }
}
