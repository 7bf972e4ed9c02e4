package dev.valence.runtime.internal.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/**
 * How the store binds and reads the values JDBC has no direct column for: instants as microseconds
 * since the epoch in an {@code INTEGER} (sortable, compared in SQL, and as precise as the records
 * need), and nullable integers.
 */
final class SqlTypes {

    private SqlTypes() {}

    static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setNull(index, Types.INTEGER);
        } else {
            statement.setLong(index, instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000);
        }
    }

    static Instant getInstant(ResultSet rows, int index) throws SQLException {
        long micros = rows.getLong(index);
        if (rows.wasNull()) {
            return null;
        }
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
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
}
