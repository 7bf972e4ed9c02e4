package dev.valence.postgres.internal;

import com.zaxxer.hikari.HikariDataSource;
import dev.valence.runtime.spi.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL store's connections, shared by every role: a pool, and the two ways the roles use
 * it (a transaction, a read), each retried on a fresh connection while the failure is transient (a
 * server restart resets every pooled connection). Every write of the store is idempotent (upserts,
 * inserts that ignore a row already there), so a retry after a commit whose answer was lost
 * changes nothing.
 */
public final class PgDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PgDatabase.class);

    /** How long transient failures are retried: longer than a server restart takes. */
    static final Duration RETRY_FOR = Duration.ofSeconds(20);

    private static final long FIRST_BACKOFF_MILLIS = 50;
    private static final long MAX_BACKOFF_MILLIS = 2000;

    /**
     * Work on a connection.
     *
     * @param <T> the result's type
     */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * @param connection a connection of the pool, in a transaction for writes
         * @return the result
         * @throws SQLException when a statement fails
         */
        T run(Connection connection) throws SQLException;
    }

    /** Binds a prepared statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        /**
         * @param statement the statement
         * @throws SQLException when a parameter cannot be set
         */
        void bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * Reads a result set into a value.
     *
     * @param <T> the value's type
     */
    @FunctionalInterface
    public interface Reader<T> {
        /**
         * @param rows the rows
         * @return the value
         * @throws SQLException when a column cannot be read
         */
        T read(ResultSet rows) throws SQLException;
    }

    private final HikariDataSource pool;
    private final String location;
    private final String schema;
    private volatile boolean closed;

    /**
     * @param pool the connection pool, its connections on the store's schema
     * @param location where the store is, for messages: host, port, database and schema, no credentials
     * @param schema the store's schema
     */
    public PgDatabase(HikariDataSource pool, String location, String schema) {
        this.pool = pool;
        this.location = location;
        this.schema = schema;
    }

    /** @return where the store is, for messages (no credentials) */
    public String location() {
        return location;
    }

    /** @return the schema holding the store's tables */
    public String schema() {
        return schema;
    }

    DataSource dataSource() {
        return pool;
    }

    /**
     * Runs work in one transaction, committed when it returns; retried from the start while the
     * failure is transient.
     *
     * @param <T> the result's type
     * @param what what the work does, as a verb phrase for the error message
     * @param work the work
     * @return its result
     * @throws StoreException when it fails for good
     */
    public <T> T write(String what, Work<T> work) {
        return retrying(what, () -> {
            try (Connection connection = pool.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection, e);
                    throw e;
                }
            }
        });
    }

    /**
     * Runs a query; retried while the failure is transient.
     *
     * @param <T> the result's type
     * @param what what the query reads, as a verb phrase
     * @param sql the query
     * @param binder binds its parameters
     * @param reader reads its rows
     * @return what the reader made of the rows
     */
    public <T> T query(String what, String sql, Binder binder, Reader<T> reader) {
        return read(what, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    return reader.read(rows);
                }
            }
        });
    }

    /**
     * Runs reads on one connection in auto-commit mode; retried while the failure is transient.
     *
     * @param <T> the result's type
     * @param what what is read, as a verb phrase
     * @param work the reads
     * @return their result
     */
    public <T> T read(String what, Work<T> work) {
        return retrying(what, () -> {
            try (Connection connection = pool.getConnection()) {
                connection.setAutoCommit(true);
                return work.run(connection);
            }
        });
    }

    /** An attempt that may fail with SQL. */
    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws SQLException;
    }

    private <T> T retrying(String what, Attempt<T> attempt) {
        checkOpen();
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                return attempt.run();
            } catch (SQLException | RuntimeException e) {
                if (e instanceof StoreException store) {
                    throw store;
                }
                if (closed || !PgFailures.isTransient(e) || System.nanoTime() + backoff * 1_000_000L > deadline) {
                    throw PgFailures.of(location, what, e);
                }
                LOG.warn("the store at {} retries after a transient failure to {}: {}", location, what, e.toString());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw PgFailures.of(location, what + " (interrupted while waiting to retry)", e);
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            // The connection is gone (the usual case of a transient failure): nothing to undo.
            failure.addSuppressed(rollback);
        }
    }

    /** @throws StoreException when the store was closed */
    public void checkOpen() {
        if (closed) {
            throw new StoreException("the store at " + location + " is closed", null);
        }
    }

    /** Marks the store closed (later calls fail) and closes the pool. */
    @Override
    public void close() {
        closed = true;
        pool.close();
    }
}
