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
 * The store's one JDBC connection, shared by every role: its lock, its cache of prepared
 * statements, and the two ways the roles use it (a write transaction, a read). One connection, not
 * a pool, because SQLite serialises writers anyway and the committer's batches must not interleave
 * with other writes; the lock also keeps reads from seeing a batch half-written.
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
    interface Reader<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private final Path folder;
    private final Connection connection;
    private final boolean readOnly;
    private final SqliteSchema.Features features;
    private final Object lock = new Object();
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private volatile boolean closing;

    /**
     * @param folder the store's folder, named in error messages
     * @param connection a connection with auto-commit off
     * @param readOnly whether every write must fail
     * @param features what the database's schema has
     */
    Database(Path folder, Connection connection, boolean readOnly, SqliteSchema.Features features) {
        this.folder = folder;
        this.connection = connection;
        this.readOnly = readOnly;
        this.features = features;
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

    /** The monitor every use of the connection holds; the committer waits on it for work. */
    Object lock() {
        return lock;
    }

    Connection connection() {
        return connection;
    }

    /** Runs work in one write transaction: all of it is committed, or none. */
    void transaction(String what, Work work) {
        synchronized (lock) {
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

    /** Runs a query with a cached statement and ends the read transaction it opened. */
    <T> T query(String what, String sql, Binder binder, Reader<T> reader) {
        synchronized (lock) {
            try {
                PreparedStatement statement = prepare(sql);
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    return reader.read(rows);
                }
            } catch (SQLException e) {
                recover(e);
                throw failure(what, e);
            } finally {
                endReadTransaction();
            }
        }
    }

    /** A cached prepared statement; the caller holds the lock. */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Closes the cached statements, which are prepared again on use; the caller holds the lock. */
    void closeStatements() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
    }

    void endReadTransaction() {
        // With auto-commit off, a read opens a transaction that would pin an old WAL snapshot and
        // hide other processes' writes; end it at once.
        try {
            connection.commit();
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
     * on its own. The caller holds the lock.
     */
    void recover(Exception failure) {
        LOG.warn("the store in {} recovers from a failed statement: {}", folder, failure.toString());
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            failure.addSuppressed(rollback);
            TransactionReset.begin(connection, failure);
        }
        try {
            // A statement that failed mid-step may still be active ("statement is not executing"
            // on its next use); they are prepared again on use.
            closeStatements();
        } catch (SQLException close) {
            failure.addSuppressed(close);
            statements.clear();
        }
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

    /** Closes the statements and the connection. */
    void close() {
        synchronized (lock) {
            try {
                closeStatements();
                connection.close();
            } catch (SQLException e) {
                throw new StoreException("cannot close the store in " + folder + ": " + e.getMessage(), e);
            }
        }
    }
}
