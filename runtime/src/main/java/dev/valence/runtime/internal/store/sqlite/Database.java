package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.spi.store.StoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's JDBC connections, shared by every role: one that writes and one that reads, each with
 * its own lock and cache of prepared statements, and the monitor that guards the records not yet
 * committed. One writer, not a pool, because SQLite serialises writers anyway and the committer's
 * batches must not interleave with other writes. Reads go through a connection of their own in
 * auto-commit mode, so they never wait behind a commit under way (WAL lets a reader see the last
 * committed state while a writer writes); whoever reads first consults the records not yet
 * committed (the overlay, under {@link #lock()}), so a batch being written is never missed. A
 * read-only store has one connection, which reads.
 */
final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** A unit of work inside one transaction. */
    @FunctionalInterface
    interface Work {
        void run() throws SQLException;
    }

    /** Binds a prepared statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads a result set into a value. */
    @FunctionalInterface
    interface RowReader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private final Path folder;
    private final Connection connection;
    private final boolean readOnly;
    private final SqliteSchema.Features features;
    /** Guards the overlay of records not yet committed; the committer waits on it for work. */
    private final Object lock = new Object();
    /** Held by whoever uses the writing connection: a transaction, or the committer's batch. */
    private final Object writeLock = new Object();

    private final Map<String, PreparedStatement> statements = new HashMap<>();
    /** The connection reads go through: its own, or the only one of a read-only store. */
    private final Reader reads;

    private volatile boolean closing;

    /** The connection reads use, its lock and its statements. */
    private static final class Reader {
        final Connection connection;
        final Object lock;
        final Map<String, PreparedStatement> statements;

        Reader(Connection connection, Object lock, Map<String, PreparedStatement> statements) {
            this.connection = connection;
            this.lock = lock;
            this.statements = statements;
        }
    }

    /**
     * A read-only store's database: one connection, which only reads.
     *
     * @param folder the store's folder, named in error messages
     * @param connection a connection with auto-commit off
     * @param features what the database's schema has
     */
    Database(Path folder, Connection connection, SqliteSchema.Features features) {
        this.folder = folder;
        this.connection = connection;
        this.readOnly = true;
        this.features = features;
        this.reads = new Reader(connection, writeLock, statements);
    }

    /**
     * A writable store's database.
     *
     * @param folder the store's folder, named in error messages
     * @param connection the connection that writes, with auto-commit off
     * @param readConnection a second connection to the same database, in auto-commit mode, for reads
     * @param features what the database's schema has
     */
    Database(Path folder, Connection connection, Connection readConnection, SqliteSchema.Features features) {
        this.folder = folder;
        this.connection = connection;
        this.readOnly = false;
        this.features = features;
        this.reads = new Reader(readConnection, new Object(), new HashMap<>());
    }

    Path folder() {
        return folder;
    }

    boolean readOnly() {
        return readOnly;
    }

    SqliteSchema.Features features() {
        return features;
    }

    /**
     * The monitor that guards the records not yet committed; the committer waits on it for work.
     * Taken before {@link #writeLock()} or the reading connection's lock, never while holding one.
     */
    Object lock() {
        return lock;
    }

    /** The monitor whoever uses the writing connection holds. */
    Object writeLock() {
        return writeLock;
    }

    /** The writing connection; used while holding {@link #writeLock()}. */
    Connection connection() {
        return connection;
    }

    /** Runs work in one write transaction: all of it is committed, or none. */
    void transaction(String what, Work work) {
        synchronized (writeLock) {
            checkNotReadOnly();
            try {
                work.run();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                recover(e);
                throw failure(what, e);
            }
        }
    }

    /**
     * Runs a query with a cached statement on the reading connection: the last committed state.
     * Records not yet committed are the caller's to consult first.
     */
    <T> T query(String what, String sql, Binder binder, RowReader<T> reader) {
        synchronized (reads.lock) {
            try {
                PreparedStatement statement = prepare(reads.connection, reads.statements, sql);
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    return reader.read(rows);
                }
            } catch (SQLException e) {
                if (reads.connection == connection) {
                    recover(e);
                } else {
                    LOG.warn("the store in {} recovers from a failed read: {}", folder, e.toString());
                    closeQuietly(reads.statements, e);
                }
                throw failure(what, e);
            } finally {
                if (reads.connection == connection) {
                    // The one connection of a read-only store runs without auto-commit: each read
                    // ends the transaction it opened (a reading connection of its own auto-commits).
                    endReadTransaction();
                }
            }
        }
    }

    /** Runs a query on the writing connection, for what only it can tell (its own pragmas). */
    <T> T queryWriter(String what, String sql, RowReader<T> reader) {
        synchronized (writeLock) {
            try (ResultSet rows = prepare(sql).executeQuery()) {
                return reader.read(rows);
            } catch (SQLException e) {
                recover(e);
                throw failure(what, e);
            } finally {
                if (!readOnly) {
                    try {
                        connection.commit();
                    } catch (SQLException e) {
                        LOG.warn("the store in {} could not end a read: {}", folder, e.toString());
                    }
                }
            }
        }
    }

    /**
     * Runs work that cannot run inside a transaction, nor beside open statements (VACUUM), with
     * every cached statement closed and no read under way.
     */
    void outsideTransactions(Work work) throws SQLException {
        synchronized (writeLock) {
            synchronized (reads.lock) {
                closeStatements();
                connection.commit();
                connection.setAutoCommit(true);
                try {
                    work.run();
                } finally {
                    connection.setAutoCommit(false);
                }
            }
        }
    }

    /** A cached prepared statement of the writing connection; the caller holds {@link #writeLock()}. */
    PreparedStatement prepare(String sql) throws SQLException {
        return prepare(connection, statements, sql);
    }

    private static PreparedStatement prepare(
            Connection connection, Map<String, PreparedStatement> statements, String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /**
     * Closes the cached statements of both connections, which are prepared again on use; the caller
     * holds {@link #writeLock()}, and this takes the reading connection's lock.
     */
    void closeStatements() throws SQLException {
        close(statements);
        synchronized (reads.lock) {
            close(reads.statements);
        }
    }

    private static void close(Map<String, PreparedStatement> statements) throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
    }

    private static void closeQuietly(Map<String, PreparedStatement> statements, Exception failure) {
        try {
            close(statements);
        } catch (SQLException close) {
            failure.addSuppressed(close);
            statements.clear();
        }
    }

    void endReadTransaction() {
        // With auto-commit off, a read opens a transaction that would pin an old WAL snapshot and
        // hide other processes' writes; end it at once.
        try {
            reads.connection.commit();
        } catch (SQLException e) {
            throw StoreFailures.of(folder, "end a read", e);
        }
    }

    /**
     * Brings the connection back to a clean state after a failed transaction or read: no work of
     * the failed transaction left, a new explicit transaction open, no cached statement mid-way.
     * The driver's rollback is not enough: after SQLITE_FULL (and other I/O errors) SQLite has
     * already rolled the transaction back itself, so the driver's ROLLBACK fails with "no
     * transaction is active" and it never issues its BEGIN; every later statement would then commit
     * on its own. The caller holds {@link #writeLock()}.
     */
    void recover(Exception failure) {
        LOG.warn("the store in {} recovers from a failed statement: {}", folder, failure.toString());
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            failure.addSuppressed(rollback);
            TransactionReset.begin(connection, failure);
        }
        // A statement that failed mid-step may still be active ("statement is not executing" on
        // its next use); they are prepared again on use.
        closeQuietly(statements, failure);
    }

    StoreException failure(String what, Exception cause) {
        return StoreFailures.of(folder, what, cause);
    }

    /** Marks the store as closing: later calls fail, and the committer writes what is left and ends. */
    void markClosing() {
        closing = true;
    }

    boolean isClosing() {
        return closing;
    }

    void checkWritable() {
        checkOpen();
        checkNotReadOnly();
    }

    void checkNotReadOnly() {
        if (readOnly) {
            throw new StoreException("the store " + folder + " is open read-only", null);
        }
    }

    void checkOpen() {
        if (closing) {
            throw new StoreException("the store " + folder + " is closed", null);
        }
    }

    /** Closes the statements and the connections. */
    void close() {
        synchronized (writeLock) {
            try {
                closeStatements();
                if (reads.connection != connection) {
                    synchronized (reads.lock) {
                        reads.connection.close();
                    }
                }
                connection.close();
            } catch (SQLException e) {
                throw new StoreException("cannot close the store in " + folder + ": " + e.getMessage(), e);
            }
        }
    }
}
