package dev.valence.postgres.internal;

import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import dev.valence.runtime.spi.store.ValueStore;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PostgreSQL store's values: reads check the bytes against their CRC32C, {@link #whyUnusable}
 * also checks that the blobs listed for the value are stored with bytes that hash to their names,
 * and {@link #replaceValue} overwrites a value that failed either check.
 */
public final class PgValues implements ValueStore {
    private static final String SELECT = "SELECT v.codec, v.type, v.data, v.checksum,"
            + " ARRAY(SELECT b.sha256 FROM value_blobs b WHERE b.fingerprint = v.fingerprint ORDER BY b.sha256)"
            + " FROM stored_values v WHERE v.fingerprint = ?";

    private final PgDatabase database;
    private final Committer committer;
    private final BlobStore blobs;
    /** Values this process found usable: values never change once stored, except by replaceValue. */
    private final Set<String> usable = ConcurrentHashMap.newKeySet();

    PgValues(PgDatabase database, Committer committer, BlobStore blobs) {
        this.database = database;
        this.committer = committer;
        this.blobs = blobs;
    }

    /** A stored value, and whether its bytes match their checksum. */
    private record Row(StoredValue value, boolean damaged) {}

    @Override
    public Optional<StoredValue> value(String fingerprint) {
        return committer.visible(() -> {
            Optional<StoredValue> pending =
                    committer.overlay(batch -> Optional.ofNullable(batch.values.get(fingerprint)));
            if (pending.isPresent()) {
                return pending;
            }
            Optional<Row> found = read(fingerprint);
            if (found.isPresent() && found.get().damaged()) {
                throw new StoreException(
                        "the value " + fingerprint + " in the store at " + database.location()
                                + " is damaged: its bytes do not match their checksum; redispatch to compute it again",
                        null);
            }
            return found.map(Row::value);
        });
    }

    @Override
    public Optional<String> whyUnusable(String fingerprint) {
        if (usable.contains(fingerprint)) {
            return Optional.empty();
        }
        Optional<Row> found = committer.visible(() -> {
            if (committer
                    .overlay(batch -> Optional.ofNullable(batch.values.get(fingerprint)))
                    .isPresent()) {
                // Waiting in the overlay: encoded by this process, its blobs just stored.
                return Optional.of(new Row(null, false));
            }
            return read(fingerprint);
        });
        if (found.isEmpty()) {
            return Optional.of("the stored result " + fingerprint + " is missing from the store");
        }
        if (found.get().value() == null) {
            return Optional.empty();
        }
        if (found.get().damaged()) {
            return Optional.of(
                    "the stored result's bytes do not match their checksum (the store was damaged); it is computed again");
        }
        for (String sha256 : found.get().value().blobs()) {
            if (!blobs.contains(sha256)) {
                return Optional.of("the stored result refers to the blob " + sha256
                        + ", which is missing from the store; it is computed again");
            }
            if (!blobs.isIntact(sha256)) {
                return Optional.of("the stored result refers to the blob " + sha256
                        + ", whose bytes do not match its hash (the store was damaged); it is computed again");
            }
        }
        usable.add(fingerprint);
        return Optional.empty();
    }

    @Override
    public void replaceValue(StoredValue value) {
        // A copy still waiting in the overlay would otherwise be written over the fresh one.
        committer.replaceValue(value);
        database.write("replace the unusable value " + value.fingerprint(), connection -> {
            ValueRows.replace(connection, value);
            return null;
        });
        usable.remove(value.fingerprint());
    }

    @Override
    public void putValues(List<StoredValue> values) {
        // Its own transaction, committed at once: the caller (a worker) hands the fingerprints to a
        // coordinator that records nodes pointing at them.
        database.write("store " + values.size() + " values", connection -> {
            ValueRows.insert(connection, values);
            return null;
        });
    }

    private Optional<Row> read(String fingerprint) {
        return database.query(
                "read value " + fingerprint,
                SELECT,
                statement -> statement.setString(1, fingerprint),
                rows -> rows.next() ? Optional.of(row(fingerprint, rows)) : Optional.empty());
    }

    private static Row row(String fingerprint, ResultSet rows) throws SQLException {
        byte[] data = rows.getBytes(3);
        boolean damaged = rows.getLong(4) != ValueRows.checksum(data);
        Array listed = rows.getArray(5);
        List<String> referenced = listed == null
                ? List.of()
                : Arrays.stream((Object[]) listed.getArray())
                        .map(String::valueOf)
                        .toList();
        return new Row(new StoredValue(fingerprint, rows.getString(1), rows.getString(2), data, referenced), damaged);
    }
}
