package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import dev.valence.runtime.spi.store.ValueStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SQLite store's values: reads check the bytes against their CRC32C, {@link #whyUnusable} also
 * checks that the blobs listed for the value are in the blob area with bytes that hash to their
 * names, and {@link #replaceValue}
 * overwrites a value that failed either check. Values stored before schema 4 have no checksum and
 * pass unchecked.
 */
final class SqliteValues implements ValueStore {
    /** What a value's row reads as; the last two columns depend on the schema. */
    private static final String SELECT =
            "SELECT v.codec, v.type, v.data, %s, %s FROM stored_values v" + " WHERE v.fingerprint = ?";
    /** The blobs listed for a value, in one column, so that one query reads a value whole. */
    private static final String BLOBS =
            "(SELECT group_concat(b.sha256) FROM value_blobs b WHERE b.fingerprint = v.fingerprint)";

    private final Database database;
    private final CommitQueue queue;
    private final BlobStore blobs;
    private final String select;
    /** Values this process found usable: values never change once stored, except by replaceValue. */
    private final Set<String> usable = ConcurrentHashMap.newKeySet();

    SqliteValues(Database database, CommitQueue queue, BlobStore blobs) {
        this.database = database;
        this.queue = queue;
        this.blobs = blobs;
        SqliteSchema.Features features = database.features();
        this.select = String.format(
                SELECT, features.checksums() ? "v.checksum" : "NULL", features.valueBlobs() ? BLOBS : "NULL");
    }

    /** A stored value, and whether its bytes match their checksum. */
    private record Row(StoredValue value, boolean damaged) {}

    @Override
    public Optional<StoredValue> value(String fingerprint) {
        synchronized (database.lock()) {
            for (PendingWrites waiting : queue.overlay()) {
                StoredValue pending = waiting.values.get(fingerprint);
                if (pending != null) {
                    return Optional.of(pending);
                }
            }
        }
        Optional<Row> found = read(fingerprint);
        if (found.isPresent() && found.get().damaged()) {
            throw new StoreException(
                    "the value " + fingerprint + " in the store " + database.folder()
                            + " is damaged: its bytes do not match their checksum",
                    null);
        }
        return found.map(Row::value);
    }

    @Override
    public Optional<String> whyUnusable(String fingerprint) {
        synchronized (database.lock()) {
            if (usable.contains(fingerprint) || waiting(fingerprint)) {
                // Waiting in the overlay: encoded by this process, its blobs just stored.
                return Optional.empty();
            }
        }
        Optional<Row> found = read(fingerprint);
        if (found.isEmpty()) {
            return Optional.of("the stored result " + fingerprint + " is missing from the store");
        }
        if (found.get().damaged()) {
            return Optional.of(
                    "the stored result's bytes do not match their checksum (the store was damaged); it is computed again");
        }
        for (String sha256 : found.get().value().blobs()) {
            if (!blobs.contains(sha256)) {
                return Optional.of("the stored result refers to the blob " + sha256
                        + ", which is missing from the store's blob area; it is computed again");
            }
            // Hashed before its first use in this process: a blob changed in place keeps its name and size.
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
        database.checkWritable();
        synchronized (database.lock()) {
            // A copy still waiting in the overlay would otherwise be written over the fresh one;
            // one in the batch being written is written before the fresh one (the writing lock is
            // taken after it): wait for that commit, then replace.
            queue.pending().replaceValue(value);
            queue.awaitInFlight();
        }
        database.transaction(
                "replace the unusable value " + value.fingerprint(), () -> ValueRows.replace(database, value));
        usable.remove(value.fingerprint());
    }

    @Override
    public void putValues(List<StoredValue> values) {
        database.checkWritable();
        // Its own transaction, committed at once whatever the checkpoint mode: the caller (a
        // worker) hands the fingerprints to a coordinator that records nodes pointing at them.
        database.transaction("store " + values.size() + " values", () -> {
            for (StoredValue value : values) {
                ValueRows.insert(database, value);
            }
        });
    }

    /** Whether the value waits in the overlay; the caller holds the lock. */
    private boolean waiting(String fingerprint) {
        for (PendingWrites waiting : queue.overlay()) {
            if (waiting.values.containsKey(fingerprint)) {
                return true;
            }
        }
        return false;
    }

    private Optional<Row> read(String fingerprint) {
        return database.query(
                "read value " + fingerprint,
                select,
                statement -> statement.setString(1, fingerprint),
                rows -> rows.next() ? Optional.of(row(fingerprint, rows)) : Optional.empty());
    }

    private Row row(String fingerprint, ResultSet rows) throws SQLException {
        String codec = rows.getString(1);
        byte[] data = rows.getBytes(3);
        long expected = rows.getLong(4);
        boolean damaged = !rows.wasNull() && expected != ValueRows.checksum(data);
        String listed = rows.getString(5);
        // A read-only store older than schema 6 lists no blobs: find them as stores did then.
        List<String> referenced = database.features().valueBlobs()
                ? (listed == null ? List.of() : List.of(listed.split(",", -1)))
                : LegacyBlobReferences.in(codec, data);
        return new Row(new StoredValue(fingerprint, codec, rows.getString(2), data, referenced), damaged);
    }
}
