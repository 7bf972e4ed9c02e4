package dev.valence.runtime.api;

import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A store's database opened with plain JDBC, as a tool (or an attacker) would: for tests that read or edit it. */
final class StoreSql {
    private StoreSql() {}

    /** A connection to the store's database, outside Valence. */
    static Connection connect(Path folder) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + folder.resolve(SqliteStore.DATABASE_FILE));
    }

    /** Runs one statement with positional parameters and returns how many rows it changed. */
    static int update(Path folder, String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(folder);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }
}
