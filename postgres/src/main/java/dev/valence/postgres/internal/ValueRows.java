package dev.valence.postgres.internal;

import dev.valence.runtime.spi.store.StoredValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A value's rows: its bytes with their checksum in {@code stored_values}, and the blobs it refers
 * to in {@code value_blobs}.
 */
final class ValueRows {
    private static final String INSERT = "INSERT INTO stored_values (fingerprint, codec, type, data, checksum)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO NOTHING";
    private static final String REPLACE = "INSERT INTO stored_values (fingerprint, codec, type, data, checksum)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET codec = EXCLUDED.codec,"
            + " type = EXCLUDED.type, data = EXCLUDED.data, checksum = EXCLUDED.checksum";
    private static final String INSERT_BLOB =
            "INSERT INTO value_blobs (fingerprint, sha256) VALUES (?, ?) ON CONFLICT DO NOTHING";

    private ValueRows() {}

    /** Binds a value's row to {@code stored_values}' five columns in order. */
    static void bind(PreparedStatement statement, StoredValue value) throws SQLException {
        statement.setString(1, value.fingerprint());
        statement.setString(2, value.codec());
        statement.setString(3, value.type());
        statement.setBytes(4, value.data());
        statement.setLong(5, checksum(value.data()));
    }

    /** Stores values unless stored: content-addressed, the same fingerprint is the same value. */
    static void insert(Connection connection, List<StoredValue> values) throws SQLException {
        write(connection, INSERT, values);
    }

    /** Overwrites a value and the list of its blobs: the one way a stored value changes. */
    static void replace(Connection connection, StoredValue value) throws SQLException {
        try (PreparedStatement forget = connection.prepareStatement("DELETE FROM value_blobs WHERE fingerprint = ?")) {
            forget.setString(1, value.fingerprint());
            forget.executeUpdate();
        }
        write(connection, REPLACE, List.of(value));
    }

    private static void write(Connection connection, String sql, List<StoredValue> values) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement rows = connection.prepareStatement(sql);
                PreparedStatement blobs = connection.prepareStatement(INSERT_BLOB)) {
            boolean anyBlob = false;
            for (StoredValue value : values) {
                bind(rows, value);
                rows.addBatch();
                // Also when the value row was already there: the same fingerprint refers to the same blobs.
                for (String sha256 : value.blobs()) {
                    blobs.setString(1, value.fingerprint());
                    blobs.setString(2, sha256);
                    blobs.addBatch();
                    anyBlob = true;
                }
            }
            rows.executeBatch();
            if (anyBlob) {
                blobs.executeBatch();
            }
        }
    }

    /** The CRC32C of a value's bytes, kept beside them and checked on every read. */
    static long checksum(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length);
        return crc.getValue();
    }
}
