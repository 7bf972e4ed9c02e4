package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.Pruned;
import dev.valence.runtime.internal.store.FileBlobStore;
import dev.valence.runtime.spi.store.Housekeeping;
import dev.valence.runtime.spi.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Space management of the SQLite store: its size, deleting dispatches, pruning values and blobs
 * nothing refers to, and {@code VACUUM}. Each first commits what is pending, which would otherwise
 * be written back after a delete.
 */
final class SqliteHousekeeping implements Housekeeping {
    /** Values no node and no key-index entry refers to. */
    private static final String UNREFERENCED = " FROM stored_values WHERE fingerprint NOT IN"
            + " (SELECT value_fingerprint FROM nodes WHERE value_fingerprint IS NOT NULL)"
            + " AND fingerprint NOT IN (SELECT value_fingerprint FROM results)";

    private final Database database;
    private final CommitQueue queue;
    private final FileBlobStore blobs;

    SqliteHousekeeping(Database database, CommitQueue queue, FileBlobStore blobs) {
        this.database = database;
        this.queue = queue;
        this.blobs = blobs;
    }

    @Override
    public long storeSize() {
        database.checkOpen();
        long size = 0;
        try {
            for (String file : List.of(SqliteStore.DATABASE_FILE, SqliteStore.DATABASE_FILE + "-wal")) {
                Path path = database.folder().resolve(file);
                if (Files.isRegularFile(path)) {
                    size += Files.size(path);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot measure the store " + database.folder() + ": " + e, e);
        }
        return size + blobs.totalSize();
    }

    @Override
    public boolean deleteDispatch(String dispatchId) {
        database.checkWritable();
        queue.checkpoint();
        boolean[] existed = new boolean[1];
        database.transaction("delete dispatch " + dispatchId, () -> {
            List<String> doomed = new ArrayList<>();
            doomed.add(dispatchId);
            PreparedStatement children = database.prepare("SELECT id FROM dispatches WHERE parent_id = ?");
            for (int i = 0; i < doomed.size(); i++) {
                children.setString(1, doomed.get(i));
                try (ResultSet rows = children.executeQuery()) {
                    while (rows.next()) {
                        doomed.add(rows.getString(1));
                    }
                }
            }
            for (String id : doomed) {
                for (String table : List.of("nodes", "replacements", "results")) {
                    PreparedStatement delete = database.prepare("DELETE FROM " + table + " WHERE dispatch_id = ?");
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
                PreparedStatement delete = database.prepare("DELETE FROM dispatches WHERE id = ?");
                delete.setString(1, id);
                int deleted = delete.executeUpdate();
                if (id.equals(dispatchId)) {
                    existed[0] = deleted > 0;
                }
            }
        });
        return existed[0];
    }

    @Override
    public Pruned prune() {
        database.checkWritable();
        queue.checkpoint();
        long[] counts = new long[2];
        Set<String> referencedBlobs = new HashSet<>();
        database.transaction("prune unreferenced values", () -> {
            try (Statement statement = database.connection().createStatement()) {
                try (ResultSet rows =
                        statement.executeQuery("SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0)" + UNREFERENCED)) {
                    rows.next();
                    counts[0] = rows.getLong(1);
                    counts[1] = rows.getLong(2);
                }
                statement.executeUpdate("DELETE" + UNREFERENCED);
                statement.executeUpdate(
                        "DELETE FROM value_blobs WHERE fingerprint NOT IN (SELECT fingerprint FROM stored_values)");
                // The remaining values list every blob they refer to, as their codec reported it.
                try (ResultSet rows = statement.executeQuery("SELECT DISTINCT sha256 FROM value_blobs")) {
                    while (rows.next()) {
                        referencedBlobs.add(rows.getString(1));
                    }
                }
            }
        });
        int blobCount = 0;
        long blobBytes = 0;
        for (String sha256 : blobs.hashes()) {
            if (!referencedBlobs.contains(sha256)) {
                blobBytes += blobs.delete(sha256);
                blobCount++;
            }
        }
        return new Pruned(Math.toIntExact(counts[0]), counts[1], blobCount, blobBytes);
    }

    @Override
    public void vacuum() {
        database.checkWritable();
        queue.checkpoint();
        try {
            // VACUUM cannot run inside a transaction, nor beside open statements.
            database.outsideTransactions(() -> {
                try (Statement statement = database.connection().createStatement()) {
                    statement.execute("VACUUM");
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            });
        } catch (SQLException e) {
            throw new StoreException("cannot vacuum the store " + database.folder() + ": " + e.getMessage(), e);
        }
    }
}
