package dev.valence.runtime.internal.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates the embedded store's tables and checks that an existing database has a schema this version reads. */
final class SqliteSchema {

    private SqliteSchema() {}

    static void create(Statement statement, int version) throws SQLException {
        statement.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
        int found = 0;
        try (ResultSet rows = statement.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            if (rows.next()) {
                found = Integer.parseInt(rows.getString(1));
                if (found > version) {
                    throw new IllegalStateException("the store was written by a newer Valence (schema " + found
                            + ", this version reads " + version + "); upgrade Valence or use another folder");
                }
            }
        }
        try (PreparedStatement upsert = statement
                .getConnection()
                .prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)")) {
            upsert.setString(1, Integer.toString(version));
            upsert.executeUpdate();
        }
        if (found >= 1 && found < 5) {
            // Version 5 records the process running each dispatch, to tell an interrupted one.
            statement.execute("ALTER TABLE dispatches ADD COLUMN owner TEXT");
        }
        if (found >= 1 && found < 4) {
            // Version 4 keeps a CRC32C of each value's bytes; values stored before stay unchecked.
            statement.execute("ALTER TABLE stored_values ADD COLUMN checksum INTEGER");
        }
        if (found >= 1 && found < 3) {
            // Version 3 records which dispatches are sublattice children of which node.
            statement.execute("ALTER TABLE dispatches ADD COLUMN parent_id TEXT");
            statement.execute("ALTER TABLE dispatches ADD COLUMN parent_node INTEGER");
        }
        if (found == 1) {
            // Version 1 lacked what explanations need; the new columns stay empty for old nodes.
            statement.execute("ALTER TABLE nodes ADD COLUMN code_fingerprint TEXT");
            statement.execute("ALTER TABLE nodes ADD COLUMN version TEXT");
            statement.execute("ALTER TABLE nodes ADD COLUMN reason TEXT");
        }
        statement.execute("CREATE TABLE IF NOT EXISTS dispatches ("
                + " id TEXT PRIMARY KEY, lattice_id TEXT NOT NULL, lattice_name TEXT NOT NULL,"
                + " lattice_catalog TEXT NOT NULL, result_type TEXT NOT NULL, output_node INTEGER NOT NULL,"
                + " status TEXT NOT NULL, created_at INTEGER NOT NULL, ended_at INTEGER, reuse TEXT NOT NULL,"
                + " redispatch_of TEXT, error TEXT, parent_id TEXT, parent_node INTEGER, owner TEXT)");
        statement.execute("CREATE TABLE IF NOT EXISTS replacements ("
                + " dispatch_id TEXT NOT NULL, original_id TEXT NOT NULL, replacement_id TEXT NOT NULL,"
                + " replacement_catalog TEXT NOT NULL, PRIMARY KEY (dispatch_id, original_id))");
        statement.execute("CREATE TABLE IF NOT EXISTS nodes ("
                + " dispatch_id TEXT NOT NULL, node_index INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,"
                + " electron_id TEXT, electron_catalog TEXT, type TEXT NOT NULL, arguments TEXT NOT NULL,"
                + " status TEXT NOT NULL, started_at INTEGER, ended_at INTEGER, attempts INTEGER NOT NULL,"
                + " cache_key TEXT, value_fingerprint TEXT, reused_from_dispatch TEXT, reused_from_node INTEGER,"
                + " error TEXT, code_fingerprint TEXT, version TEXT, reason TEXT,"
                + " PRIMARY KEY (dispatch_id, node_index))");
        statement.execute("CREATE INDEX IF NOT EXISTS nodes_by_key ON nodes (cache_key, dispatch_id)");
        statement.execute("CREATE TABLE IF NOT EXISTS results ("
                + " cache_key TEXT PRIMARY KEY, value_fingerprint TEXT NOT NULL, dispatch_id TEXT NOT NULL,"
                + " node_index INTEGER NOT NULL, created_at INTEGER)");
        statement.execute(
                "CREATE TABLE IF NOT EXISTS stored_values ("
                        + " fingerprint TEXT PRIMARY KEY, codec TEXT NOT NULL, type TEXT NOT NULL, data BLOB NOT NULL, checksum INTEGER)");
        // Single flight across processes: the process computing a key holds its lease until the result is stored.
        statement.execute("CREATE TABLE IF NOT EXISTS processes (owner TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)");
        statement.execute("CREATE TABLE IF NOT EXISTS leases ("
                + " cache_key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)");
    }
}
