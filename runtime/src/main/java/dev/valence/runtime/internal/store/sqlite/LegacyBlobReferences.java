package dev.valence.runtime.internal.store.sqlite;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blobs a value stored before schema 6 refers to, found the way stores found them then: by
 * scanning a JSON value that holds a stored {@code CommandResult} (format {@code valence-command/1})
 * for its {@code "sha256"} fields. Used only to fill {@code value_blobs} when a database is migrated,
 * and to read unmigrated read-only stores; values stored since carry the list their codec reported,
 * so the store knows nothing of the codec's format.
 */
final class LegacyBlobReferences {
    /** How the JSON codec wrote a blob reference of a stored {@code CommandResult} up to schema 5. */
    private static final Pattern BLOB_REFERENCE = Pattern.compile("\"sha256\":\"([0-9a-f]{64})\"");
    /** The format marker of a stored {@code CommandResult} up to schema 5. */
    private static final String COMMAND_RESULT_FORMAT = "\"valence-command/1\"";

    private LegacyBlobReferences() {}

    /**
     * @param codec the name of the codec that wrote a value
     * @param data the value's bytes
     * @return the hashes of the blobs it refers to, in the order they appear
     */
    static List<String> in(String codec, byte[] data) {
        List<String> hashes = new ArrayList<>();
        if (!"json".equals(codec)) {
            return hashes;
        }
        String text = new String(data, StandardCharsets.UTF_8);
        if (text.contains(COMMAND_RESULT_FORMAT)) {
            Matcher references = BLOB_REFERENCE.matcher(text);
            while (references.find()) {
                hashes.add(references.group(1));
            }
        }
        return hashes;
    }

    /** Lists the blobs of every stored value in {@code value_blobs}; runs once, in the schema-6 migration. */
    static void fill(Connection connection) throws SQLException {
        try (Statement scan = connection.createStatement();
                ResultSet rows =
                        scan.executeQuery("SELECT fingerprint, codec, data FROM stored_values WHERE codec = 'json'");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT OR IGNORE INTO value_blobs (fingerprint, sha256) VALUES (?, ?)")) {
            while (rows.next()) {
                for (String sha256 : in(rows.getString(2), rows.getBytes(3))) {
                    insert.setString(1, rows.getString(1));
                    insert.setString(2, sha256);
                    insert.executeUpdate();
                }
            }
        }
    }
}
