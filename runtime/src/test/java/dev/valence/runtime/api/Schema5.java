package dev.valence.runtime.api;

import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * Stores of schema 5, the last one before nodes stored their outcome and values listed their
 * blobs: built with that schema's own SQL, so that migrating and reading them is tested against
 * what Valence really wrote then, not against a newer database with columns dropped.
 */
final class Schema5 {
    private static final String[] TABLES = {
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE dispatches ("
                + " id TEXT PRIMARY KEY, lattice_id TEXT NOT NULL, lattice_name TEXT NOT NULL,"
                + " lattice_catalog TEXT NOT NULL, result_type TEXT NOT NULL, output_node INTEGER NOT NULL,"
                + " status TEXT NOT NULL, created_at INTEGER NOT NULL, ended_at INTEGER, reuse TEXT NOT NULL,"
                + " redispatch_of TEXT, error TEXT, parent_id TEXT, parent_node INTEGER, owner TEXT)",
        "CREATE TABLE replacements ("
                + " dispatch_id TEXT NOT NULL, original_id TEXT NOT NULL, replacement_id TEXT NOT NULL,"
                + " replacement_catalog TEXT NOT NULL, PRIMARY KEY (dispatch_id, original_id))",
        "CREATE TABLE nodes ("
                + " dispatch_id TEXT NOT NULL, node_index INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,"
                + " electron_id TEXT, electron_catalog TEXT, type TEXT NOT NULL, arguments TEXT NOT NULL,"
                + " status TEXT NOT NULL, started_at INTEGER, ended_at INTEGER, attempts INTEGER NOT NULL,"
                + " cache_key TEXT, value_fingerprint TEXT, reused_from_dispatch TEXT, reused_from_node INTEGER,"
                + " error TEXT, code_fingerprint TEXT, version TEXT, reason TEXT,"
                + " PRIMARY KEY (dispatch_id, node_index))",
        "CREATE INDEX nodes_by_key ON nodes (cache_key, dispatch_id)",
        "CREATE TABLE results ("
                + " cache_key TEXT PRIMARY KEY, value_fingerprint TEXT NOT NULL, dispatch_id TEXT NOT NULL,"
                + " node_index INTEGER NOT NULL, created_at INTEGER)",
        "CREATE TABLE stored_values ("
                + " fingerprint TEXT PRIMARY KEY, codec TEXT NOT NULL, type TEXT NOT NULL, data BLOB NOT NULL,"
                + " checksum INTEGER)",
        "CREATE TABLE processes (owner TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)",
        "CREATE TABLE leases (cache_key TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)",
        "INSERT INTO meta (key, value) VALUES ('schema_version', '5')",
    };

    /** The node columns schema 5 has: every column but the outcome. */
    private static final String NODE_COLUMNS = "dispatch_id, node_index, name, kind, electron_id, electron_catalog,"
            + " type, arguments, status, started_at, ended_at, attempts, cache_key, value_fingerprint,"
            + " reused_from_dispatch, reused_from_node, error, code_fingerprint, version, reason";

    /** The dispatch columns schema 5 has: every column but the pending nodes. */
    private static final String DISPATCH_COLUMNS = "id, lattice_id, lattice_name, lattice_catalog, result_type,"
            + " output_node, status, created_at, ended_at, reuse, redispatch_of, error, parent_id, parent_node, owner";

    private Schema5() {}

    /** Creates an empty store of schema 5 in a folder. */
    static void create(Path folder) throws Exception {
        Files.createDirectories(folder);
        try (Connection connection = StoreSql.connect(folder);
                Statement statement = connection.createStatement()) {
            for (String sql : TABLES) {
                statement.execute(sql);
            }
        }
    }

    /**
     * Builds a store of schema 5 holding the records of a store of the current schema: what an older
     * Valence would have written for the same dispatches (the reasons were worded the same).
     */
    static void copy(Path current, Path folder) throws Exception {
        create(folder);
        try (Connection connection = StoreSql.connect(folder);
                Statement statement = connection.createStatement()) {
            statement.execute("ATTACH DATABASE '"
                    + current.resolve(SqliteStore.DATABASE_FILE)
                            .toAbsolutePath()
                            .toString()
                            .replace("'", "''")
                    + "' AS current");
            statement.execute("INSERT INTO dispatches (" + DISPATCH_COLUMNS + ") SELECT " + DISPATCH_COLUMNS
                    + " FROM current.dispatches");
            for (String table : new String[] {"replacements", "results", "stored_values"}) {
                statement.execute("INSERT INTO " + table + " SELECT * FROM current." + table);
            }
            statement.execute(
                    "INSERT INTO nodes (" + NODE_COLUMNS + ") SELECT " + NODE_COLUMNS + " FROM current.nodes");
            statement.execute("DETACH DATABASE current");
        }
    }
}
