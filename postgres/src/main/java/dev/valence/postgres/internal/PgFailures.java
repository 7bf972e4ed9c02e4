package dev.valence.postgres.internal;

import dev.valence.runtime.spi.store.StoreException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Turns a failed call to PostgreSQL into a message a user can act on: what was being done, the
 * store's location (never its password), what happened and the fix. Also tells the failures worth
 * retrying (a connection lost while the server restarts) from those that are not.
 */
public final class PgFailures {
    private PgFailures() {}

    /**
     * @param location the store's location, without credentials
     * @param what what was being done, as a verb phrase ("record dispatch d1")
     * @param cause the failure
     * @return the store exception to throw
     */
    public static StoreException of(String location, String what, Exception cause) {
        return new StoreException(message(location, what, cause), cause);
    }

    /** The one-line message for a failure of {@code what} in the store at {@code location}. */
    static String message(String location, String what, Exception cause) {
        String state = sqlState(cause);
        String detail = firstLine(rootMessage(cause));
        if (state != null && state.startsWith("08") || isConnectionTimeout(cause)) {
            return "cannot " + what + ": cannot reach PostgreSQL at " + location + ": " + detail
                    + "; is the server running and accepting connections there? Check the host, port and firewall";
        }
        if ("28P01".equals(state) || "28000".equals(state)) {
            return "cannot " + what + ": PostgreSQL at " + location + " refused the login: " + detail
                    + "; check the user and password (user=...&password=... in the URL, or the store's options)";
        }
        if ("3D000".equals(state)) {
            return "cannot " + what + ": PostgreSQL at " + location + " has no such database: " + detail
                    + "; create it (createdb) or fix the database name in the URL";
        }
        if ("42501".equals(state)) {
            return "cannot " + what + " in the store at " + location + ": permission denied: " + detail
                    + "; grant the user the rights on the store's schema, or use the schema's owner";
        }
        if ("53100".equals(state)) {
            return "cannot " + what + " in the store at " + location + ": the database server's disk is full: " + detail
                    + "; free space on the server, then redispatch";
        }
        if (state != null && state.startsWith("57P")) {
            return "cannot " + what + " in the store at " + location + ": the server shut down or restarted: " + detail
                    + " (retried for a while); check that PostgreSQL is running, then redispatch";
        }
        return "cannot " + what + " in the store at " + location + ": " + detail
                + (state == null ? "" : " (SQL state " + state + ")")
                + "; the server's log says more, and a redispatch retries what was lost";
    }

    /**
     * Whether a failure may pass if the work is tried again on a new connection: the connection
     * was lost (the server restarted, a network blip), the server is starting or shutting down, or
     * the transaction lost a serialisation or deadlock race. Every write of the store is idempotent,
     * so retrying one whose commit was in fact applied is harmless.
     */
    static boolean isTransient(Exception failure) {
        String state = sqlState(failure);
        if (state != null
                && (state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03")
                        || state.equals("40001")
                        || state.equals("40P01"))) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) {
                return true;
            }
        }
        return false;
    }

    /** The first SQL state in the chain of causes, or null. */
    static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    private static boolean isConnectionTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable deepest = failure;
        String message = failure.getMessage();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            deepest = cause;
            if (cause.getMessage() != null && cause instanceof SQLException) {
                message = cause.getMessage();
            }
        }
        return message != null ? message : deepest.toString();
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
