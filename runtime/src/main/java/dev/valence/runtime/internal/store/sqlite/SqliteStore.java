package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.CheckpointMode;
import dev.valence.runtime.internal.store.FileBlobStore;
import dev.valence.runtime.internal.store.ScratchFolders;
import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.Coordination;
import dev.valence.runtime.spi.store.DispatchLog;
import dev.valence.runtime.spi.store.FreeKey;
import dev.valence.runtime.spi.store.Housekeeping;
import dev.valence.runtime.spi.store.ResultIndex;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.ValueStore;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store: one folder holding a SQLite database in WAL mode with dispatches, nodes, the
 * cache-key index and the values themselves, and the blobs beside it. This class opens and closes
 * it; each role is a class of its own sharing one {@link Database}.
 *
 * <p>Each node's end is one transaction (its row, its value, its key), so a process killed at any
 * instant leaves every completed node readable. {@code synchronous=NORMAL} in WAL mode survives a
 * killed process; an operating-system crash may lose the last transactions, never corrupt the file.
 * A mode {@linkplain CheckpointMode#syncedToDisk() synced to disk} opens it {@code synchronous=FULL}.
 * Several processes may open the same folder: SQLite serialises writers and {@code busy_timeout}
 * makes them wait instead of failing.
 */
public final class SqliteStore implements ResultStore {

    /** The database's file name inside the store folder. */
    public static final String DATABASE_FILE = "valence.db";

    /** The writing connection's page cache, in KiB. */
    private static final int WRITER_CACHE_KIB = 64 * 1024;

    /** WAL pages after which a commit copies the WAL back into the database. */
    private static final int CHECKPOINT_PAGES = 10_000;

    private final Database database;
    private final CommitQueue queue;
    private final FileBlobStore blobs;
    private final SqliteCoordination coordination;
    private final SqliteDispatchLog dispatchLog;
    private final SqliteResultIndex resultIndex;
    private final SqliteValues values;
    private final SqliteHousekeeping housekeeping;
    /** This process's scratch space; null for a read-only store, which writes nothing. */
    private final ScratchFolders scratch;

    private SqliteStore(Database database, CheckpointMode mode) {
        this.database = database;
        this.queue = new CommitQueue(database, mode);
        // Blobs live beside the database: <folder>/blobs/, and files made from them in <folder>/files/.
        this.blobs = new FileBlobStore(database.folder());
        this.coordination = new SqliteCoordination(database);
        this.dispatchLog = new SqliteDispatchLog(database, queue, coordination::owner);
        this.resultIndex = new SqliteResultIndex(database, queue);
        this.values = new SqliteValues(database, queue, blobs);
        this.housekeeping = new SqliteHousekeeping(database, queue, blobs);
        this.scratch = database.readOnly() ? null : ScratchFolders.open(database.folder());
    }

    /**
     * Opens the store in a folder, creating the folder and the database if needed.
     *
     * @param folder the store's folder ({@code .valence} by default)
     * @return the open store
     * @throws StoreException when the folder cannot be created or the database opened
     */
    public static SqliteStore open(Path folder) {
        return open(folder, CheckpointMode.EACH_NODE);
    }

    /**
     * Opens the store in a folder with a checkpoint mode, creating the folder and the database if
     * needed, and migrating a database of an older schema.
     *
     * @param folder the store's folder
     * @param mode when results become durable
     * @return the open store
     * @throws StoreException when the folder cannot be created or the database opened
     */
    public static SqliteStore open(Path folder, CheckpointMode mode) {
        Objects.requireNonNull(mode, "mode");
        Path absolute = folder.toAbsolutePath();
        try {
            Files.createDirectories(absolute);
            // Said at once: SQLite would open the file read-only and fail later, on a pragma.
            if (Files.getFileStore(absolute).isReadOnly()) {
                throw new StoreException(StoreFailures.readOnly(absolute), null);
            }
        } catch (FileSystemException e) {
            if (String.valueOf(e.getReason()).toLowerCase(Locale.ROOT).contains("read-only")) {
                throw new StoreException(StoreFailures.readOnly(absolute), e);
            }
            throw new StoreException("cannot create the store folder " + absolute + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new StoreException("cannot create the store folder " + absolute + ": " + e.getMessage(), e);
        }
        Connection connection = null;
        Connection readConnection = null;
        try {
            String url = "jdbc:sqlite:" + absolute.resolve(DATABASE_FILE);
            connection = DriverManager.getConnection(url, withoutGeneratedKeys());
            SqliteSchema.Features features = initialise(connection, mode.isSyncedToDisk());
            readConnection = DriverManager.getConnection(url, withoutGeneratedKeys());
            try (Statement statement = readConnection.createStatement()) {
                // A WAL reader rarely waits, but may while another process recovers or truncates the WAL.
                statement.execute("PRAGMA busy_timeout = 30000");
                statement.execute("PRAGMA query_only = true");
            }
            SqliteStore store = new SqliteStore(new Database(absolute, connection, readConnection, features), mode);
            store.queue.start();
            return store;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(readConnection, e);
            closeQuietly(connection, e);
            String specific = StoreFailures.specific(absolute, e);
            throw new StoreException(
                    specific != null
                            ? specific
                            : "cannot open the Valence store in " + absolute + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Opens an existing store read-only, as a fallback for another store: nothing is ever written
     * to its folder (SQLite opens the database with its read-only flag) and nothing is created.
     * Every write fails. A database of an older schema is read as it is, not migrated.
     *
     * @param folder an existing store's folder
     * @return the open store
     * @throws StoreException when the folder or its database is missing, or the database cannot be read
     */
    public static SqliteStore openReadOnly(Path folder) {
        Path absolute = folder.toAbsolutePath();
        Path database = absolute.resolve(DATABASE_FILE);
        if (!Files.isRegularFile(database)) {
            throw new StoreException(
                    "cannot open the Valence store in " + absolute + " read-only: "
                            + (Files.isDirectory(absolute) ? "the folder has no " + DATABASE_FILE : "no such folder"),
                    null);
        }
        Connection connection = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            config.setBusyTimeout(30000);
            config.setGetGeneratedKeys(false);
            // A read-only connection to a WAL database makes the -wal and -shm files when they are
            // missing. A store closed cleanly has no WAL: then open it immutable, which creates no file
            // at all. With a WAL left behind (its writer is running or crashed) read through it.
            Path wal = absolute.resolve(DATABASE_FILE + "-wal");
            boolean quiescent = !Files.exists(wal) || Files.size(wal) == 0;
            connection = config.createConnection("jdbc:sqlite:" + database.toUri() + (quiescent ? "?immutable=1" : ""));
            SqliteSchema.Features features = SqliteSchema.readOnly(connection);
            connection.setAutoCommit(false);
            Database opened = new Database(absolute, connection, features);
            opened.endReadTransaction();
            // No committer: a read-only store has nothing to write.
            return new SqliteStore(opened, CheckpointMode.EACH_NODE);
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(connection, e);
            throw new StoreException(
                    "cannot open the Valence store in " + absolute + " read-only: " + e.getMessage(), e);
        }
    }

    /**
     * The driver's connection properties. Nothing here reads generated keys, and by default the
     * driver fetches them after every {@code INSERT} by preparing and running {@code SELECT
     * last_insert_rowid()}: a second statement per inserted node row or value, 13 % of a durable
     * chain's samples.
     */
    private static Properties withoutGeneratedKeys() {
        SQLiteConfig config = new SQLiteConfig();
        config.setGetGeneratedKeys(false);
        return config.toProperties();
    }

    /** Sets the connection up and brings the schema to this version's, in one write transaction. */
    private static SqliteSchema.Features initialise(Connection connection, boolean syncedToDisk) throws SQLException {
        SqliteSchema.Features features;
        try (Statement statement = connection.createStatement()) {
            // Waiting beats failing: another process may hold the write lock for a moment.
            statement.execute("PRAGMA busy_timeout = 30000");
            switchToWal(statement);
            // NORMAL: under WAL a commit survives a killed process without an fsync of its own;
            // FULL flushes each commit, for results that must survive a power loss too.
            statement.execute("PRAGMA synchronous = " + (syncedToDisk ? "FULL" : "NORMAL"));
            // The key index takes node rows at random places: with SQLite's 2 MB page cache a commit of
            // a few thousand rows reads its pages again, and the WAL reaches its 1,000-page checkpoint
            // (two fsyncs, every page copied back) every commit or two. 64 MiB of cache, used only as
            // the database grows, and a checkpoint every 10,000 pages (40 MB of WAL, removed when the
            // store closes) made durable runs and redispatches 10-18 % faster (design notes).
            statement.execute("PRAGMA cache_size = -" + WRITER_CACHE_KIB);
            statement.execute("PRAGMA wal_autocheckpoint = " + CHECKPOINT_PAGES);
            // The schema check reads, then writes. In a deferred transaction, another process's
            // commit in between makes the upgrade to a write fail at once with SQLITE_BUSY (the
            // busy timeout does not apply to a stale snapshot); taking the write lock first waits.
            statement.execute("BEGIN IMMEDIATE");
            try {
                features = SqliteSchema.create(statement);
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        }
        // From here on, every write is one explicit transaction (see Database.transaction).
        connection.setAutoCommit(false);
        return features;
    }

    /**
     * Switches a fresh database to WAL. The switch needs the database to itself, and SQLite reports
     * a concurrent opener's lock at once instead of waiting for it: retry for a while.
     */
    private static void switchToWal(Statement statement) throws SQLException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                statement.execute("PRAGMA journal_mode = WAL");
                return;
            } catch (SQLException e) {
                boolean busy =
                        e.getErrorCode() == 5 || String.valueOf(e.getMessage()).contains("SQLITE_BUSY");
                if (!busy || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void closeQuietly(Connection connection, Exception failure) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** @return the store's folder */
    public Path folder() {
        return database.folder();
    }

    /** @return whether this store was opened read-only */
    public boolean isReadOnly() {
        return database.readOnly();
    }

    /** @return the checkpoint mode */
    public CheckpointMode mode() {
        return queue.mode();
    }

    /** @return SQLite's {@code synchronous} setting of the connection: 1 is NORMAL, 2 is FULL */
    int synchronousLevel() {
        return database.queryWriter("read PRAGMA synchronous", "PRAGMA synchronous", row -> {
            row.next();
            return row.getInt(1);
        });
    }

    @Override
    public DispatchLog dispatchLog() {
        return dispatchLog;
    }

    @Override
    public ResultIndex resultIndex() {
        return resultIndex;
    }

    /** One statement for the lease row and the result, except for a lookup confined to one dispatch. */
    @Override
    public Optional<FreeKey> lookupIfFree(String cacheKey, String owner, String fromDispatch) {
        if (fromDispatch != null) {
            return ResultStore.super.lookupIfFree(cacheKey, owner, fromDispatch);
        }
        return resultIndex.lookupIfFree(cacheKey, owner);
    }

    @Override
    public ValueStore values() {
        return values;
    }

    /** Blobs live beside the database: {@code <folder>/blobs/}, and files made from them in {@code <folder>/files/}. */
    @Override
    public BlobStore blobs() {
        return blobs;
    }

    @Override
    public Coordination coordination() {
        return coordination;
    }

    @Override
    public Optional<Housekeeping> housekeeping() {
        return Optional.of(housekeeping);
    }

    @Override
    public Optional<Path> scratchFolder() {
        return scratch == null ? Optional.empty() : Optional.of(scratch.folder());
    }

    /** Writes what is pending, then closes the database; reports a deferred write that failed. */
    @Override
    public void close() {
        if (!queue.close()) {
            return;
        }
        if (scratch != null) {
            scratch.close();
        }
        database.close();
        queue.throwLastFailure();
    }
}
