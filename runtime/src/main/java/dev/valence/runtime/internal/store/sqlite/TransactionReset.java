package dev.valence.runtime.internal.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens the explicit transaction the driver failed to open after a failed rollback. SQLite is then
 * either in auto-commit (it rolled back itself) or, rarely, still inside the failed transaction;
 * BEGIN tells which: it fails only inside a transaction, which is then rolled back first.
 */
final class TransactionReset {
    private TransactionReset() {}

    static void begin(Connection connection, Exception failure) {
        try {
            if (connection.getAutoCommit()) {
                // Vacuum's moment outside explicit transactions: there is nothing to reopen.
                return;
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
            return;
        }
        try (Statement statement = connection.createStatement()) {
            try {
                statement.execute("BEGIN");
            } catch (SQLException inside) {
                // Still inside the failed transaction: drop it, then start afresh.
                statement.execute("ROLLBACK");
                statement.execute("BEGIN");
            }
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
