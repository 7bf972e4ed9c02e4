package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.CheckpointMode;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Pruned;
import dev.valence.runtime.internal.store.FileBlobStore;
import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.Coordination;
import dev.valence.runtime.spi.store.DispatchLog;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.Housekeeping;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.RecordedFailure;
import dev.valence.runtime.spi.store.Replacement;
import dev.valence.runtime.spi.store.ResultIndex;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import dev.valence.runtime.spi.store.ValueStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.sqlite.SQLiteConfig;

/**
 * The embedded store: one folder holding a SQLite database in WAL mode with dispatches, nodes, the
 * cache-key index and the values themselves.
 *
 * <p>Each node's end is one transaction (its row, its value, its key), so a process killed at any
 * instant leaves every completed node readable. {@code synchronous=NORMAL} in WAL mode survives a
 * killed process; an operating-system crash may lose the last transactions, never corrupt the file.
 * Several processes may open the same folder: SQLite serialises writers and {@code busy_timeout}
 * makes them wait instead of failing.
 */
public final class SqliteStore
        implements ResultStore, DispatchLog, ResultIndex, ValueStore, Coordination, Housekeeping {

    /** The database's file name inside the store folder. */
    public static final String DATABASE_FILE = "valence.db";

    private static final int SCHEMA_VERSION = 5;
    private static final String SELECT_VALUE =
            "SELECT fingerprint, codec, type, data, checksum FROM stored_values WHERE fingerprint = ?";
    /** Schemas before 4 have no checksum column. */
    private static final String SELECT_UNCHECKED_VALUE =
            "SELECT fingerprint, codec, type, data, NULL FROM stored_values WHERE fingerprint = ?";

    /**
     * A dispatch still RUNNING whose process no longer announces itself was interrupted: the process
     * died (killed, crashed) before the dispatch ended. Derived when read, never written: the process
     * may only be slow, and then its own end still lands. Parameters: this process's id, now.
     */
    private static final String INTERRUPTED_OR_STATUS =
            "CASE WHEN d.status = 'RUNNING' AND d.owner IS NOT NULL AND d.owner IS NOT ?"
                    + " AND NOT EXISTS (SELECT 1 FROM processes p WHERE p.owner = d.owner AND p.expires_at >= ?)"
                    + " THEN 'INTERRUPTED' ELSE d.status END";

    private static final String DISPATCH_COLUMNS_AFTER_STATUS =
            ", d.created_at, d.ended_at, d.reuse, d.redispatch_of, d.error, d.parent_id, d.parent_node FROM dispatches d";
    private static final String SELECT_DISPATCHES =
            "SELECT d.id, d.lattice_id, d.lattice_name, d.lattice_catalog, d.result_type, d.output_node, "
                    + INTERRUPTED_OR_STATUS + DISPATCH_COLUMNS_AFTER_STATUS;
    /** Read-only stores of schemas before 5 record no process per dispatch. */
    private static final String SELECT_DISPATCHES_BEFORE_OWNERS =
            "SELECT d.id, d.lattice_id, d.lattice_name, d.lattice_catalog, d.result_type, d.output_node, d.status"
                    + DISPATCH_COLUMNS_AFTER_STATUS;

    private static final String ONE = " WHERE d.id = ?";
    private static final String ORDERED = " ORDER BY d.created_at, d.rowid";

    /**
     * The latest reusable failure with a key (the electron threw, or the node reused such a failure),
     * unless a success with the key ended after it: a later success wins.
     */
    private static final String LATEST_FAILURE =
            "SELECT COALESCE(f.reused_from_dispatch, f.dispatch_id), COALESCE(f.reused_from_node, f.node_index), f.error"
                    + " FROM nodes f WHERE f.cache_key = ? AND f.status = 'FAILED'"
                    + " AND (f.reason LIKE '" + LegacyOutcome.ELECTRON_FAILED + "%' OR f.reason LIKE '"
                    + LegacyOutcome.REUSED_FAILURE + "%')"
                    + " AND NOT EXISTS (SELECT 1 FROM nodes s WHERE s.cache_key = f.cache_key"
                    + " AND s.status IN ('COMPLETED', 'REUSED') AND s.ended_at > f.ended_at)";

    private static final String LATEST_FAILURE_OF_DISPATCH =
            LATEST_FAILURE + " AND f.dispatch_id = ? ORDER BY f.ended_at DESC LIMIT 1";

    private static final String LATEST_FAILURE_ANYWHERE = LATEST_FAILURE + " ORDER BY f.ended_at DESC LIMIT 1";

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    /** How the JSON codec writes a blob reference of a stored {@code CommandResult}. */
    private static final Pattern BLOB_REFERENCE = Pattern.compile("\"sha256\":\"([0-9a-f]{64})\"");
    /** The format marker of a stored {@code CommandResult} (the JSON codec's {@code CommandResultJson.FORMAT}). */
    private static final String COMMAND_RESULT_FORMAT = "\"valence-command/1\"";

    private static final Duration EACH_NODE_FLUSH = Duration.ofMillis(50);
    private static final String VALUE_COLUMNS = "fingerprint, codec, type, data, checksum";

    private final Path folder;
    private final Connection connection;
    private final boolean readOnly;
    /** Whether the stored values have a checksum column (schema 4 on): false only for old read-only stores. */
    private final boolean hasChecksums;
    /** Whether dispatches record the process running them (schema 5 on): false only for old read-only stores. */
    private final boolean hasOwners;
    /** The id this process announced itself under; recorded with each dispatch it starts. */
    private volatile String owner;
    /** Values whose bytes this process checked against their checksum; values never change once stored. */
    private final Set<String> verified = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    private final CheckpointMode mode;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private final PendingWrites pending = new PendingWrites();
    private final Set<String> leased = new HashSet<>();
    private final Thread committer;
    private boolean commitRequested;
    private boolean closing;
    private RuntimeException lastFailure;

    private SqliteStore(Path folder, Connection connection, CheckpointMode mode, boolean readOnly, int schema) {
        this.folder = folder;
        this.connection = connection;
        this.readOnly = readOnly;
        this.hasChecksums = schema >= 4;
        this.hasOwners = schema >= 5;
        this.mode = mode;
        this.committer = new Thread(this::commitLoop, "valence-store-committer");
        this.committer.setDaemon(true);
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
     * needed.
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
        } catch (IOException e) {
            throw new StoreException("cannot create the store folder " + absolute + ": " + e.getMessage(), e);
        }
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:sqlite:" + absolute.resolve(DATABASE_FILE));
            SqliteStore store = new SqliteStore(absolute, connection, mode, false, SCHEMA_VERSION);
            store.initialise();
            store.committer.start();
            return store;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw new StoreException("cannot open the Valence store in " + absolute + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens an existing store read-only, as a fallback for another store: nothing is ever written
     * to its folder (SQLite opens the database with its read-only flag) and nothing is created.
     * Every write fails.
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
            // A read-only connection to a WAL database makes the -wal and -shm files when they are
            // missing. A store closed cleanly has no WAL: then open it immutable, which creates no file
            // at all. With a WAL left behind (its writer is running or crashed) read through it.
            Path wal = absolute.resolve(DATABASE_FILE + "-wal");
            boolean quiescent = !Files.exists(wal) || Files.size(wal) == 0;
            connection = config.createConnection("jdbc:sqlite:" + database.toUri() + (quiescent ? "?immutable=1" : ""));
            int schema = readSchemaVersion(connection);
            connection.setAutoCommit(false);
            SqliteStore store = new SqliteStore(absolute, connection, CheckpointMode.EACH_NODE, true, schema);
            store.endReadTransaction();
            return store;
        } catch (SQLException | IOException | RuntimeException e) {
            closeQuietly(connection, e);
            throw new StoreException(
                    "cannot open the Valence store in " + absolute + " read-only: " + e.getMessage(), e);
        }
    }

    private static int readSchemaVersion(Connection connection) throws SQLException {
        int found;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            found = rows.next() ? Integer.parseInt(rows.getString(1)) : 0;
        }
        if (found < 2 || found > SCHEMA_VERSION) {
            throw new IllegalStateException("its schema version " + found + " is not one this version reads read-only"
                    + " (2 to " + SCHEMA_VERSION + "); open it once read-write to upgrade it");
        }
        return found;
    }

    /** @return whether this store was opened read-only */
    public boolean isReadOnly() {
        return readOnly;
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
        return folder;
    }

    @Override
    public DispatchLog dispatchLog() {
        return this;
    }

    @Override
    public ResultIndex resultIndex() {
        return this;
    }

    @Override
    public ValueStore values() {
        return this;
    }

    @Override
    public Coordination coordination() {
        return this;
    }

    @Override
    public Optional<Housekeeping> housekeeping() {
        return Optional.of(this);
    }

    @Override
    public Optional<String> whyUnusable(String fingerprint) {
        return Optional.empty(); // lookup() checks the hit's bytes and blobs itself
    }

    /** Blobs live beside the database: {@code <folder>/blobs/}, and files made from them in {@code <folder>/files/}. */
    @Override
    public BlobStore blobs() {
        return new FileBlobStore(folder);
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

    private void initialise() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // Waiting beats failing: another process may hold the write lock for a moment.
            statement.execute("PRAGMA busy_timeout = 30000");
            switchToWal(statement);
            statement.execute("PRAGMA synchronous = NORMAL");
            // The schema check reads, then writes. In a deferred transaction, another process's
            // commit in between makes the upgrade to a write fail at once with SQLITE_BUSY (the
            // busy timeout does not apply to a stale snapshot); taking the write lock first waits.
            statement.execute("BEGIN IMMEDIATE");
            try {
                SqliteSchema.create(statement, SCHEMA_VERSION);
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
        // From here on, every write is one explicit transaction (see transaction(...)).
        connection.setAutoCommit(false);
    }

    @Override
    public void createDispatch(DispatchRecord dispatch, List<NodeRecord> nodes, List<StoredValue> values) {
        checkWritable();
        transaction("record dispatch " + dispatch.id(), () -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO dispatches (id, lattice_id, lattice_name, lattice_catalog, result_type,"
                            + " output_node, status, created_at, ended_at, reuse, redispatch_of, error, parent_id,"
                            + " parent_node, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, dispatch.id());
                insert.setString(2, dispatch.latticeId());
                insert.setString(3, dispatch.latticeName());
                insert.setString(4, dispatch.latticeCatalog());
                insert.setString(5, dispatch.resultType());
                insert.setInt(6, dispatch.outputNode());
                insert.setString(7, dispatch.status().name());
                setInstant(insert, 8, dispatch.createdAt());
                setInstant(insert, 9, dispatch.endedAt());
                insert.setString(10, dispatch.reuse());
                insert.setString(11, dispatch.redispatchOf());
                insert.setString(12, dispatch.error());
                insert.setString(13, dispatch.parentId());
                setNullableInt(insert, 14, dispatch.parentNode());
                insert.setString(15, owner);
                insert.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO replacements (dispatch_id, original_id, replacement_id, replacement_catalog)"
                            + " VALUES (?, ?, ?, ?)")) {
                for (Replacement replacement : dispatch.replacements()) {
                    insert.setString(1, dispatch.id());
                    insert.setString(2, replacement.originalId());
                    insert.setString(3, replacement.replacementId());
                    insert.setString(4, replacement.replacementCatalog());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            for (StoredValue value : values) {
                putValue(value);
            }
            try (PreparedStatement insert = connection.prepareStatement(NodeColumns.INSERT)) {
                for (NodeRecord node : nodes) {
                    NodeColumns.bind(insert, dispatch.id(), node);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    @Override
    public CompletableFuture<Void> finishNode(
            String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (lock) {
            checkWritable();
            pending.addNode(dispatchId, node, value, indexResult);
            if (mode.isEachNode() && value != null) {
                pending.durable.add(durable);
            } else {
                durable.complete(null);
            }
            lock.notifyAll();
        }
        return durable;
    }

    /** @return the checkpoint mode */
    public CheckpointMode mode() {
        return mode;
    }

    @Override
    public void checkpoint() {
        synchronized (lock) {
            checkOpen();
            commitRequested = true;
            lock.notifyAll();
            while (!pending.isEmpty()) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for a checkpoint of " + folder, e);
                }
            }
            throwLastFailure();
        }
    }

    private void throwLastFailure() {
        if (lastFailure != null) {
            RuntimeException failure = lastFailure;
            lastFailure = null;
            throw new StoreException(
                    "a deferred write to the store " + folder + " failed: " + failure.getMessage(), failure);
        }
    }

    private static void awaitDurable(CompletableFuture<Void> durable) {
        try {
            durable.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * The committer: writes the pending records in one transaction whenever the mode says so, so
     * that concurrent nodes share one commit. Holds the lock while it writes, so reads never see a
     * half-written batch.
     */
    private void commitLoop() {
        synchronized (lock) {
            while (true) {
                try {
                    while (!commitDue()) {
                        if (closing && pending.isEmpty()) {
                            return;
                        }
                        lock.wait(waitMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
                commitRequested = false;
                PendingWrites batch = pending.drain();
                try {
                    write(batch);
                    connection.commit();
                    batch.durable.forEach(future -> future.complete(null));
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(e);
                    StoreException failure = new StoreException(
                            "cannot write results to the store " + folder + ": " + e.getMessage(), e);
                    lastFailure = failure;
                    batch.durable.forEach(future -> future.completeExceptionally(failure));
                }
                lock.notifyAll();
            }
        }
    }

    private boolean commitDue() {
        if (pending.isEmpty()) {
            return false;
        }
        if (commitRequested || closing || !pending.durable.isEmpty()) {
            return true;
        }
        Duration interval = flushInterval();
        return interval != null && System.nanoTime() - pending.oldestNanos() >= interval.toNanos();
    }

    /**
     * How long records nobody waits for may stay uncommitted. In the default mode that is only
     * bookkeeping (reused, failed and cancelled nodes, which lose nothing if lost); they ride along
     * with the next commit, or are flushed after a short while.
     */
    private Duration flushInterval() {
        return mode.isEachNode() ? EACH_NODE_FLUSH : mode.interval();
    }

    private long waitMillis() {
        Duration interval = flushInterval();
        if (interval == null || pending.isEmpty()) {
            return 0;
        }
        long remaining = interval.toNanos() - (System.nanoTime() - pending.oldestNanos());
        return Math.max(1, remaining / 1_000_000);
    }

    private void rollbackQuietly(Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            failure.addSuppressed(rollback);
        }
    }

    /**
     * Writes a batch row by row inside the open transaction. No JDBC batching: the driver clears a
     * statement's whole batch buffer after each batch, which costs more than it saves once one large
     * batch has grown that buffer.
     */
    private void write(PendingWrites batch) throws SQLException {
        for (StoredValue value : batch.values.values()) {
            putValue(value);
        }
        PreparedStatement upsertNode = prepare(NodeColumns.INSERT);
        for (Map.Entry<String, TreeMap<Integer, NodeRecord>> dispatch : batch.nodes.entrySet()) {
            for (NodeRecord node : dispatch.getValue().values()) {
                NodeColumns.bind(upsertNode, dispatch.getKey(), node);
                upsertNode.executeUpdate();
            }
        }
        PreparedStatement index = prepare("INSERT OR REPLACE INTO results (cache_key, value_fingerprint, dispatch_id,"
                + " node_index, created_at) VALUES (?, ?, ?, ?, ?)");
        for (Map.Entry<String, CachedResult> result : batch.results.entrySet()) {
            index.setString(1, result.getKey());
            index.setString(2, result.getValue().valueFingerprint());
            index.setString(3, result.getValue().dispatchId());
            index.setInt(4, result.getValue().nodeIndex());
            setInstant(index, 5, Instant.now());
            index.executeUpdate();
        }
        PreparedStatement end = prepare("UPDATE dispatches SET status = ?, ended_at = ?, error = ? WHERE id = ?");
        for (Map.Entry<String, PendingWrites.DispatchEnd> dispatch : batch.ends.entrySet()) {
            end.setString(1, dispatch.getValue().status().name());
            setInstant(end, 2, dispatch.getValue().endedAt());
            end.setString(3, dispatch.getValue().error());
            end.setString(4, dispatch.getKey());
            end.executeUpdate();
        }
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    private void checkWritable() {
        checkOpen();
        checkNotReadOnly();
    }

    private void checkNotReadOnly() {
        if (readOnly) {
            throw new StoreException("the store " + folder + " is open read-only", null);
        }
    }

    private void checkOpen() {
        if (closing) {
            throw new StoreException("the store " + folder + " is closed", null);
        }
    }

    private void putValue(StoredValue value) throws SQLException {
        // Content-addressed: a value already stored under its fingerprint is the same value.
        PreparedStatement insert =
                prepare("INSERT OR IGNORE INTO stored_values (" + VALUE_COLUMNS + ") VALUES (?, ?, ?, ?, ?)");
        {
            insert.setString(1, value.fingerprint());
            insert.setString(2, value.codec());
            insert.setString(3, value.type());
            insert.setBytes(4, value.data());
            insert.setLong(5, checksum(value.data()));
            insert.executeUpdate();
        }
    }

    @Override
    public void finishDispatch(String dispatchId, DispatchStatus status, Instant endedAt, String error) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (lock) {
            checkWritable();
            pending.addEnd(dispatchId, new PendingWrites.DispatchEnd(status, endedAt, error));
            if (mode == CheckpointMode.END_OF_DISPATCH) {
                commitRequested = true;
            }
            if (mode.isEachNode()) {
                pending.durable.add(durable);
            } else {
                durable.complete(null);
            }
            lock.notifyAll();
        }
        awaitDurable(durable);
    }

    @Override
    public boolean tryLease(String cacheKey, String owner, Instant now, Instant expiresAt) {
        int[] changed = new int[1];
        // One statement, so the check and the take are atomic across processes.
        transaction("take the lease on " + cacheKey, () -> {
            try (PreparedStatement upsert =
                    connection.prepareStatement("INSERT INTO leases (cache_key, owner, expires_at) VALUES (?, ?, ?)"
                            + " ON CONFLICT (cache_key) DO UPDATE SET owner = excluded.owner,"
                            + " expires_at = excluded.expires_at"
                            + " WHERE leases.owner = excluded.owner OR leases.expires_at < ?")) {
                upsert.setString(1, cacheKey);
                upsert.setString(2, owner);
                setInstant(upsert, 3, expiresAt);
                setInstant(upsert, 4, now);
                changed[0] = upsert.executeUpdate();
            }
        });
        if (changed[0] > 0) {
            synchronized (lock) {
                leased.add(cacheKey);
            }
        }
        return changed[0] > 0;
    }

    @Override
    public void announce(String owner, Instant expiresAt) {
        this.owner = owner;
        transaction("announce " + owner, () -> {
            PreparedStatement upsert = prepare("INSERT INTO processes (owner, expires_at) VALUES (?, ?)"
                    + " ON CONFLICT (owner) DO UPDATE SET expires_at = excluded.expires_at");
            upsert.setString(1, owner);
            setInstant(upsert, 2, expiresAt);
            upsert.executeUpdate();
        });
    }

    @Override
    public boolean othersAlive(String owner, Instant now) {
        return query(
                "look for other processes",
                "SELECT 1 FROM processes WHERE owner <> ? AND expires_at >= ? LIMIT 1",
                statement -> {
                    statement.setString(1, owner);
                    setInstant(statement, 2, now);
                },
                ResultSet::next);
    }

    @Override
    public void renewLeases(String owner, Instant expiresAt) {
        transaction("renew the leases of " + owner, () -> {
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE leases SET expires_at = ? WHERE owner = ?")) {
                setInstant(update, 1, expiresAt);
                update.setString(2, owner);
                update.executeUpdate();
            }
        });
    }

    @Override
    public void releaseLease(String cacheKey, String owner) {
        synchronized (lock) {
            if (!leased.remove(cacheKey)) {
                return;
            }
        }
        transaction("release the lease on " + cacheKey, () -> {
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM leases WHERE cache_key = ? AND owner = ?")) {
                delete.setString(1, cacheKey);
                delete.setString(2, owner);
                delete.executeUpdate();
            }
        });
    }

    @Override
    public Optional<CachedResult> lookup(String cacheKey, String fromDispatch) {
        synchronized (lock) {
            Optional<CachedResult> pendingHit = pending.lookup(cacheKey, fromDispatch);
            if (pendingHit.isPresent()) {
                return pendingHit;
            }
        }
        String sql = fromDispatch == null
                ? "SELECT r.value_fingerprint, r.dispatch_id, r.node_index, v.codec FROM results r"
                        + " JOIN stored_values v ON v.fingerprint = r.value_fingerprint WHERE r.cache_key = ?"
                : "SELECT n.value_fingerprint, COALESCE(n.reused_from_dispatch, n.dispatch_id),"
                        + " COALESCE(n.reused_from_node, n.node_index), v.codec FROM nodes n"
                        + " JOIN stored_values v ON v.fingerprint = n.value_fingerprint"
                        + " WHERE n.cache_key = ? AND n.dispatch_id = ? AND n.status IN ('COMPLETED', 'REUSED')"
                        + " LIMIT 1";
        Optional<CachedResult> hit = query(
                "look up key " + cacheKey,
                sql,
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
        if (hit.isPresent() && !intact(hit.get().valueFingerprint())) {
            // A value whose bytes no longer match their checksum (or whose files are gone) is not
            // reused: the node computes it again. Deleting the damaged row lets that computation store the value afresh
            // (values are
            // otherwise never overwritten) and makes other processes recompute too instead of failing.
            if (!readOnly) {
                String fingerprint = hit.get().valueFingerprint();
                transaction("delete the damaged value " + fingerprint, () -> {
                    PreparedStatement delete = prepare("DELETE FROM stored_values WHERE fingerprint = ?");
                    delete.setString(1, fingerprint);
                    delete.executeUpdate();
                });
            }
            return Optional.empty();
        }
        return hit;
    }

    @Override
    public Optional<RecordedFailure> lookupFailure(String cacheKey, String fromDispatch) {
        synchronized (lock) {
            Optional<RecordedFailure> pendingFailure = pending.lookupFailure(cacheKey, fromDispatch);
            if (pendingFailure.isPresent()) {
                return pendingFailure;
            }
        }
        return query(
                "look up a failure with key " + cacheKey,
                fromDispatch == null ? LATEST_FAILURE_ANYWHERE : LATEST_FAILURE_OF_DISPATCH,
                statement -> {
                    statement.setString(1, cacheKey);
                    if (fromDispatch != null) {
                        statement.setString(2, fromDispatch);
                    }
                },
                rows -> rows.next()
                        ? Optional.of(new RecordedFailure(rows.getString(1), rows.getInt(2), rows.getString(3)))
                        : Optional.empty());
    }

    /**
     * Whether a stored value's bytes match their checksum; each value is read once per process
     * for this (values never change once stored). Values stored before schema 4 have no checksum
     * and count as intact.
     */
    private boolean intact(String fingerprint) {
        if (verified.contains(fingerprint)) {
            return true;
        }
        Optional<StoredValue> found;
        try {
            found = value(fingerprint);
        } catch (StoreException e) {
            if (e.getCause() instanceof CorruptValueException) {
                return false;
            }
            throw e;
        }
        if (found.isEmpty()) {
            return false;
        }
        if (!blobsPresent(found.get())) {
            verified.remove(fingerprint);
            return false;
        }
        return true;
    }

    /**
     * Whether every blob a stored command result refers to is still in the blob area: a value
     * without its files is as unusable as a damaged one. Only JSON values holding a {@code
     * CommandResult} (its format marker) refer to blobs.
     */
    private boolean blobsPresent(StoredValue value) {
        if (!"json".equals(value.codec())) {
            return true;
        }
        String text = new String(value.data(), StandardCharsets.UTF_8);
        if (!text.contains(COMMAND_RESULT_FORMAT)) {
            return true;
        }
        Matcher references = BLOB_REFERENCE.matcher(text);
        BlobStore blobs = blobs();
        while (references.find()) {
            if (!blobs.contains(references.group(1))) {
                return false;
            }
        }
        return true;
    }

    /** A stored value's bytes do not match their checksum. */
    private static final class CorruptValueException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptValueException(String message) {
            super(message);
        }
    }

    @Override
    public Optional<StoredValue> value(String fingerprint) {
        synchronized (lock) {
            StoredValue pendingValue = pending.values.get(fingerprint);
            if (pendingValue != null) {
                return Optional.of(pendingValue);
            }
        }
        Optional<StoredValue> found;
        try {
            found = query(
                    "read value " + fingerprint,
                    hasChecksums ? SELECT_VALUE : SELECT_UNCHECKED_VALUE,
                    statement -> statement.setString(1, fingerprint),
                    rows -> {
                        if (!rows.next()) {
                            return Optional.empty();
                        }
                        byte[] data = rows.getBytes(4);
                        long expected = rows.getLong(5);
                        if (!rows.wasNull() && expected != checksum(data)) {
                            String message = "the value " + fingerprint + " in the store " + folder
                                    + " is damaged: its bytes do not match their checksum";
                            throw new StoreException(message, new CorruptValueException(message));
                        }
                        return Optional.of(
                                new StoredValue(rows.getString(1), rows.getString(2), rows.getString(3), data));
                    });
        } catch (StoreException e) {
            verified.remove(fingerprint);
            throw e;
        }
        found.ifPresent(value -> verified.add(fingerprint));
        return found;
    }

    /** The CRC32C of a value's encoded bytes, stored beside them and checked on every read. */
    static long checksum(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length);
        return crc.getValue();
    }

    @Override
    public long storeSize() {
        checkOpen();
        long size = 0;
        try {
            for (String file : List.of(DATABASE_FILE, DATABASE_FILE + "-wal")) {
                Path path = folder.resolve(file);
                if (Files.isRegularFile(path)) {
                    size += Files.size(path);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot measure the store " + folder + ": " + e, e);
        }
        return size + new FileBlobStore(folder).totalSize();
    }

    @Override
    public boolean deleteDispatch(String dispatchId) {
        checkWritable();
        // Pending records of the dispatch would be written back after the delete.
        checkpoint();
        boolean[] existed = new boolean[1];
        transaction("delete dispatch " + dispatchId, () -> {
            List<String> doomed = new ArrayList<>();
            doomed.add(dispatchId);
            PreparedStatement children = prepare("SELECT id FROM dispatches WHERE parent_id = ?");
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
                    PreparedStatement delete = prepare("DELETE FROM " + table + " WHERE dispatch_id = ?");
                    delete.setString(1, id);
                    delete.executeUpdate();
                }
                PreparedStatement delete = prepare("DELETE FROM dispatches WHERE id = ?");
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
        checkWritable();
        checkpoint();
        String unreferenced = " FROM stored_values WHERE fingerprint NOT IN"
                + " (SELECT value_fingerprint FROM nodes WHERE value_fingerprint IS NOT NULL)"
                + " AND fingerprint NOT IN (SELECT value_fingerprint FROM results)";
        long[] counts = new long[2];
        Set<String> referencedBlobs = new HashSet<>();
        transaction("prune unreferenced values", () -> {
            try (Statement statement = connection.createStatement()) {
                try (ResultSet rows =
                        statement.executeQuery("SELECT COUNT(*), COALESCE(SUM(LENGTH(data)), 0)" + unreferenced)) {
                    rows.next();
                    counts[0] = rows.getLong(1);
                    counts[1] = rows.getLong(2);
                }
                statement.executeUpdate("DELETE" + unreferenced);
                // Values refer to blobs by their SHA-256 in the encoded bytes; keeping every blob whose
                // hash appears anywhere errs on the side of keeping.
                try (ResultSet rows = statement.executeQuery("SELECT data FROM stored_values")) {
                    while (rows.next()) {
                        Matcher hashes = HASH.matcher(new String(rows.getBytes(1), StandardCharsets.ISO_8859_1));
                        while (hashes.find()) {
                            referencedBlobs.add(hashes.group());
                        }
                    }
                }
            }
        });
        FileBlobStore blobs = new FileBlobStore(folder);
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
    public void replaceValue(StoredValue value) {
        checkWritable();
        synchronized (lock) {
            // A copy still waiting in the overlay would otherwise be written over the fresh one.
            pending.replaceValue(value);
        }
        transaction("replace the unusable value " + value.fingerprint(), () -> {
            PreparedStatement replace =
                    prepare("INSERT OR REPLACE INTO stored_values (" + VALUE_COLUMNS + ") VALUES (?, ?, ?, ?, ?)");
            replace.setString(1, value.fingerprint());
            replace.setString(2, value.codec());
            replace.setString(3, value.type());
            replace.setBytes(4, value.data());
            replace.setLong(5, checksum(value.data()));
            replace.executeUpdate();
        });
        verified.remove(value.fingerprint());
    }

    @Override
    public void vacuum() {
        checkWritable();
        checkpoint();
        synchronized (lock) {
            try {
                // VACUUM cannot run inside a transaction, nor beside open statements: close the cached
                // ones (they are prepared again on use) and leave the explicit-transaction mode for it.
                for (PreparedStatement statement : statements.values()) {
                    statement.close();
                }
                statements.clear();
                connection.commit();
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("VACUUM");
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                } finally {
                    connection.setAutoCommit(false);
                }
            } catch (SQLException e) {
                throw new StoreException("cannot vacuum the store " + folder + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Optional<DispatchRecord> dispatch(String id) {
        List<DispatchRecord> found = readDispatches(id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<DispatchRecord> dispatches() {
        return readDispatches(null);
    }

    private List<DispatchRecord> readDispatches(String id) {
        // Rows and pending ends are read under one lock: a commit in between would otherwise take
        // an end out of the overlay after the row was read as still running.
        synchronized (lock) {
            return readDispatchesLocked(id);
        }
    }

    private List<DispatchRecord> readDispatchesLocked(String id) {
        // INTERRUPTED is derived here, when read (see INTERRUPTED_OR_STATUS).
        String sql = id == null
                ? (hasOwners ? SELECT_DISPATCHES : SELECT_DISPATCHES_BEFORE_OWNERS) + ORDERED
                : (hasOwners ? SELECT_DISPATCHES : SELECT_DISPATCHES_BEFORE_OWNERS) + ONE + ORDERED;
        List<DispatchRecord> rows = query(
                "read dispatches",
                sql,
                statement -> {
                    int parameter = 1;
                    if (hasOwners) {
                        statement.setString(parameter++, owner);
                        setInstant(statement, parameter++, Instant.now());
                    }
                    if (id != null) {
                        statement.setString(parameter, id);
                    }
                },
                result -> {
                    List<DispatchRecord> list = new ArrayList<>();
                    while (result.next()) {
                        list.add(new DispatchRecord(
                                result.getString(1),
                                result.getString(2),
                                result.getString(3),
                                result.getString(4),
                                result.getString(5),
                                result.getInt(6),
                                DispatchStatus.valueOf(result.getString(7)),
                                getInstant(result, 8),
                                getInstant(result, 9),
                                result.getString(10),
                                result.getString(11),
                                List.of(),
                                result.getString(12),
                                result.getString(13),
                                nullableInt(result, 14)));
                    }
                    return list;
                });
        List<DispatchRecord> withReplacements = new ArrayList<>(rows.size());
        for (DispatchRecord stored : rows) {
            DispatchRecord row = withPendingEnd(stored);
            withReplacements.add(new DispatchRecord(
                    row.id(),
                    row.latticeId(),
                    row.latticeName(),
                    row.latticeCatalog(),
                    row.resultType(),
                    row.outputNode(),
                    row.status(),
                    row.createdAt(),
                    row.endedAt(),
                    row.reuse(),
                    row.redispatchOf(),
                    replacements(row.id()),
                    row.error(),
                    row.parentId(),
                    row.parentNode()));
        }
        return withReplacements;
    }

    private DispatchRecord withPendingEnd(DispatchRecord row) {
        PendingWrites.DispatchEnd end;
        synchronized (lock) {
            end = pending.ends.get(row.id());
        }
        if (end == null) {
            return row;
        }
        return new DispatchRecord(
                row.id(),
                row.latticeId(),
                row.latticeName(),
                row.latticeCatalog(),
                row.resultType(),
                row.outputNode(),
                end.status(),
                row.createdAt(),
                end.endedAt(),
                row.reuse(),
                row.redispatchOf(),
                row.replacements(),
                end.error(),
                row.parentId(),
                row.parentNode());
    }

    private List<Replacement> replacements(String dispatchId) {
        return query(
                "read replacements of " + dispatchId,
                "SELECT original_id, replacement_id, replacement_catalog FROM replacements WHERE dispatch_id = ?"
                        + " ORDER BY original_id",
                statement -> statement.setString(1, dispatchId),
                rows -> {
                    List<Replacement> list = new ArrayList<>();
                    while (rows.next()) {
                        list.add(new Replacement(rows.getString(1), rows.getString(2), rows.getString(3)));
                    }
                    return list;
                });
    }

    @Override
    public List<NodeRecord> nodes(String dispatchId) {
        synchronized (lock) {
            TreeMap<Integer, NodeRecord> byIndex = new TreeMap<>();
            for (NodeRecord node : storedNodes(dispatchId)) {
                byIndex.put(node.index(), node);
            }
            TreeMap<Integer, NodeRecord> newer = pending.nodes.get(dispatchId);
            if (newer != null) {
                byIndex.putAll(newer);
            }
            return new ArrayList<>(byIndex.values());
        }
    }

    private List<NodeRecord> storedNodes(String dispatchId) {
        return query(
                "read nodes of " + dispatchId,
                NodeColumns.SELECT + " WHERE dispatch_id = ? ORDER BY node_index",
                statement -> statement.setString(1, dispatchId),
                rows -> {
                    List<NodeRecord> list = new ArrayList<>();
                    while (rows.next()) {
                        list.add(NodeColumns.read(rows));
                    }
                    return list;
                });
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            lock.notifyAll();
        }
        try {
            // The committer writes what is pending, then ends.
            committer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            try {
                for (PreparedStatement statement : statements.values()) {
                    statement.close();
                }
                connection.close();
            } catch (SQLException e) {
                throw new StoreException("cannot close the store in " + folder + ": " + e.getMessage(), e);
            }
            throwLastFailure();
        }
    }

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    private interface Work {
        void run() throws SQLException;
    }

    /** Binds a prepared statement's parameters. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads a result set into a value. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private void transaction(String what, Work work) {
        synchronized (lock) {
            checkNotReadOnly();
            try {
                work.run();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw new StoreException("cannot " + what + " in the store " + folder + ": " + e.getMessage(), e);
            }
        }
    }

    private <T> T query(String what, String sql, Binder binder, Reader<T> reader) {
        synchronized (lock) {
            try {
                PreparedStatement statement = prepare(sql);
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    return reader.read(rows);
                }
            } catch (SQLException e) {
                throw new StoreException("cannot " + what + " in the store " + folder + ": " + e.getMessage(), e);
            } finally {
                endReadTransaction();
            }
        }
    }

    private void endReadTransaction() {
        // With auto-commit off, a read opens a transaction that would pin an old WAL snapshot and
        // hide other processes' writes; end it at once.
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot end a read in the store " + folder + ": " + e.getMessage(), e);
        }
    }

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000);
        }
    }

    static void setNullableInt(PreparedStatement statement, int index, Integer value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setInt(index, value);
        }
    }

    static Integer nullableInt(ResultSet rows, int index) throws SQLException {
        int value = rows.getInt(index);
        return rows.wasNull() ? null : value;
    }

    static Instant getInstant(ResultSet rows, int index) throws SQLException {
        long micros = rows.getLong(index);
        if (rows.wasNull()) {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** The node table's columns, bound and read in one place. */
    private static final class NodeColumns {
        static final String COLUMNS = "node_index, name, kind, electron_id, electron_catalog, type, arguments, status,"
                + " started_at, ended_at, attempts, cache_key, value_fingerprint, reused_from_dispatch,"
                + " reused_from_node, error, code_fingerprint, version, reason";
        static final String INSERT = "INSERT OR REPLACE INTO nodes (dispatch_id, " + COLUMNS + ") VALUES (?"
                + ", ?".repeat(COLUMNS.split(",", -1).length) + ")";
        static final String SELECT = "SELECT " + COLUMNS + " FROM nodes";

        private NodeColumns() {}

        static void bind(PreparedStatement statement, String dispatchId, NodeRecord node) throws SQLException {
            statement.setString(1, dispatchId);
            statement.setInt(2, node.index());
            statement.setString(3, node.name());
            statement.setString(4, node.kind().name());
            statement.setString(5, node.electronId());
            statement.setString(6, node.electronCatalog());
            statement.setString(7, node.type());
            statement.setString(8, joinIndexes(node.arguments()));
            statement.setString(9, node.status().name());
            setInstant(statement, 10, node.startedAt());
            setInstant(statement, 11, node.endedAt());
            statement.setInt(12, node.attempts());
            statement.setString(13, node.cacheKey());
            statement.setString(14, node.valueFingerprint());
            statement.setString(15, node.reusedFromDispatch());
            setNullableInt(statement, 16, node.reusedFromNode());
            statement.setString(17, node.error());
            statement.setString(18, node.codeFingerprint());
            statement.setString(19, node.version());
            statement.setString(20, node.reason());
        }

        static NodeRecord read(ResultSet rows) throws SQLException {
            int reusedFromNode = rows.getInt(15);
            Integer reusedFrom = rows.wasNull() ? null : reusedFromNode;
            NodeKind kind = NodeKind.valueOf(rows.getString(3));
            NodeStatus status = NodeStatus.valueOf(rows.getString(8));
            return new NodeRecord(
                    rows.getInt(1),
                    rows.getString(2),
                    kind,
                    rows.getString(4),
                    rows.getString(5),
                    rows.getString(6),
                    splitIndexes(rows.getString(7)),
                    status,
                    LegacyOutcome.of(kind, status, rows.getString(19)),
                    getInstant(rows, 9),
                    getInstant(rows, 10),
                    rows.getInt(11),
                    rows.getString(12),
                    rows.getString(13),
                    rows.getString(14),
                    reusedFrom,
                    rows.getString(16),
                    rows.getString(17),
                    rows.getString(18),
                    rows.getString(19));
        }

        private static String joinIndexes(List<Integer> indexes) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < indexes.size(); i++) {
                out.append(i == 0 ? "" : ",").append(indexes.get(i));
            }
            return out.toString();
        }

        private static List<Integer> splitIndexes(String joined) {
            List<Integer> indexes = new ArrayList<>();
            if (joined != null && !joined.isEmpty()) {
                for (String part : joined.split(",", -1)) {
                    indexes.add(Integer.parseInt(part));
                }
            }
            return indexes;
        }
    }
}
