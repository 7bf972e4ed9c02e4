package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.spi.store.StoredValue;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.zip.CRC32C;

/**
 * Writes a value's rows: its bytes with their checksum in {@code stored_values}, and the blobs it
 * refers to in {@code value_blobs}. The caller holds the writing lock and commits.
 */
final class ValueRows {
    private static final String COLUMNS = "fingerprint, codec, type, data, checksum";
    private static final String INSERT_BLOB = "INSERT OR IGNORE INTO value_blobs (fingerprint, sha256) VALUES (?, ?)";

    private ValueRows() {}

    /** Stores a value unless one with its fingerprint is stored: content-addressed, so it is the same value. */
    static void insert(Database database, StoredValue value) throws SQLException {
        write(database, "INSERT OR IGNORE", value);
    }

    /**
     * Overwrites the value stored under a fingerprint, and the list of its blobs, with a fresh one:
     * the one way a stored value changes, for a value that could not be used.
     */
    static void replace(Database database, StoredValue value) throws SQLException {
        PreparedStatement forget = database.prepare("DELETE FROM value_blobs WHERE fingerprint = ?");
        forget.setString(1, value.fingerprint());
        forget.executeUpdate();
        write(database, "INSERT OR REPLACE", value);
    }

    private static void write(Database database, String insert, StoredValue value) throws SQLException {
        PreparedStatement row =
                database.prepare(insert + " INTO stored_values (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)");
        row.setString(1, value.fingerprint());
        row.setString(2, value.codec());
        row.setString(3, value.type());
        row.setBytes(4, value.data());
        row.setLong(5, checksum(value.data()));
        row.executeUpdate();
        // Also when the value row was already there: the same fingerprint refers to the same blobs.
        PreparedStatement blob = database.prepare(INSERT_BLOB);
        for (String sha256 : value.blobs()) {
            blob.setString(1, value.fingerprint());
            blob.setString(2, sha256);
            blob.executeUpdate();
        }
    }

    /** The CRC32C of a value's encoded bytes, stored beside them and checked on every read. */
    static long checksum(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length);
        return crc.getValue();
    }
}
