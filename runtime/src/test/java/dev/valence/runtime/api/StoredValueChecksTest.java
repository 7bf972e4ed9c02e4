package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.SqliteStoreTest.dispatch;
import static dev.valence.runtime.api.SqliteStoreTest.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Pruned;
import dev.valence.runtime.internal.store.FileBlobStore;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite store's split of reuse checks: the key index only finds candidates (and never deletes
 * one), the value store says why a candidate cannot be used (damaged bytes, missing blobs), and
 * {@code replaceValue} overwrites the damaged row although values are otherwise written {@code
 * INSERT OR IGNORE}. The blobs a value refers to are the ones its codec listed, kept by prune.
 */
class StoredValueChecksTest {
    private static final String KEY = "key";

    @TempDir
    Path folder;

    @Test
    void lookupFindsADamagedValueAndWhyUnusableSaysWhyAndReplaceValueOverwritesIt() throws Exception {
        StoredValue four = value("4", List.of());
        try (SqliteStore store = SqliteStore.open(folder)) {
            record(store, four);
            assertEquals(Optional.empty(), store.values().whyUnusable(four.fingerprint()));
        }
        sql("UPDATE stored_values SET data = ? WHERE fingerprint = ?", "5", four.fingerprint());

        try (SqliteStore store = SqliteStore.open(folder)) {
            CachedResult hit = store.resultIndex().lookup(KEY, null).orElseThrow();
            assertEquals(four.fingerprint(), hit.valueFingerprint(), "the candidate is found as indexed");
            String reason = store.values().whyUnusable(four.fingerprint()).orElseThrow();
            assertTrue(reason.contains("do not match their checksum"), reason);
            assertEquals(Optional.of(hit), store.resultIndex().lookup(KEY, null), "and never deleted");
            StoreException error =
                    assertThrows(StoreException.class, () -> store.values().value(four.fingerprint()));
            assertTrue(error.getMessage().contains("checksum"), error.getMessage());

            store.values().replaceValue(four);
            assertEquals(Optional.empty(), store.values().whyUnusable(four.fingerprint()));
            assertEquals("4", text(store.values().value(four.fingerprint()).orElseThrow()));
        }
        try (SqliteStore store = SqliteStore.open(folder)) {
            assertEquals("4", text(store.values().value(four.fingerprint()).orElseThrow()), "durable");
            assertEquals(Optional.empty(), store.values().whyUnusable(four.fingerprint()));
        }
    }

    @Test
    void aValueIsUsableOnlyWhileTheBlobsItsCodecListedArePresentAndPruneKeepsThem() throws Exception {
        BlobRef listed;
        BlobRef orphan;
        StoredValue value;
        try (SqliteStore store = SqliteStore.open(folder)) {
            listed = store.blobs().put(new ByteArrayInputStream(new byte[10]));
            orphan = store.blobs().put(new ByteArrayInputStream(new byte[20]));
            // The bytes name no blob: what the store knows of a value's blobs is the codec's list.
            value = value("\"opaque\"", List.of(listed.sha256()));
            record(store, value);
            assertEquals(
                    value.blobs(),
                    store.values().value(value.fingerprint()).orElseThrow().blobs());

            Pruned pruned = store.housekeeping().orElseThrow().prune();
            assertEquals(1, pruned.blobs(), pruned.toString());
            assertTrue(store.blobs().contains(listed.sha256()), "kept: a stored value lists it");
            assertFalse(store.blobs().contains(orphan.sha256()));
        }
        new FileBlobStore(folder).delete(listed.sha256());
        try (SqliteStore store = SqliteStore.open(folder)) {
            String reason = store.values().whyUnusable(value.fingerprint()).orElseThrow();
            assertTrue(reason.contains(listed.sha256()) && reason.contains("missing"), reason);

            // The node computes the value again, which stores its blob again.
            store.blobs().put(new ByteArrayInputStream(new byte[10]));
            store.values().replaceValue(value);
            assertEquals(Optional.empty(), store.values().whyUnusable(value.fingerprint()));
        }
    }

    @Test
    void migratingFromSchema5ListsTheBlobsOfStoredCommandResults() throws Exception {
        Schema5.create(folder);
        String stdout = "a".repeat(64);
        String stderr = "b".repeat(64);
        String output = "c".repeat(64);
        // A CommandResult as the JSON codec stored it, and a value that merely looks like a hash.
        String command = "{\"format\":\"valence-command/1\",\"exitCode\":0,\"durationNanos\":5,"
                + "\"stdout\":{\"sha256\":\"" + stdout + "\",\"size\":1},\"stderr\":{\"sha256\":\"" + stderr
                + "\",\"size\":0},\"outputs\":{\"out.txt\":{\"sha256\":\"" + output + "\",\"size\":2}}}";
        String lookalike = "{\"sha256\":\"" + "d".repeat(64) + "\"}";
        sql(
                "INSERT INTO stored_values (fingerprint, codec, type, data) VALUES (?, 'json', 'x', ?)",
                "1".repeat(64),
                command);
        sql(
                "INSERT INTO stored_values (fingerprint, codec, type, data) VALUES (?, 'json', 'x', ?)",
                "2".repeat(64),
                lookalike);

        try (SqliteStore store = SqliteStore.open(folder)) {
            assertEquals(
                    List.of(stdout, stderr, output).stream().sorted().toList(),
                    store.values().value("1".repeat(64)).orElseThrow().blobs().stream()
                            .sorted()
                            .toList());
            assertEquals(
                    List.of(),
                    store.values().value("2".repeat(64)).orElseThrow().blobs());
            String reason = store.values().whyUnusable("1".repeat(64)).orElseThrow();
            assertTrue(reason.contains("missing from the store's blob area"), reason);
        }
        List<String> listed = new ArrayList<>();
        try (Connection connection = StoreSql.connect(folder);
                PreparedStatement statement =
                        connection.prepareStatement("SELECT sha256 FROM value_blobs ORDER BY sha256");
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                listed.add(rows.getString(1));
            }
        }
        assertEquals(List.of(stdout, stderr, output), listed, "filled once, by the migration");
    }

    /** Records a dispatch whose one node computed the value, indexed under {@link #KEY}. */
    private static void record(SqliteStore store, StoredValue value) {
        store.dispatchLog().createDispatch(dispatch("d"), List.of(node(0, NodeStatus.PENDING, null, null)), List.of());
        store.dispatchLog()
                .finishNode("d", node(0, NodeStatus.COMPLETED, KEY, value.fingerprint()), value, true)
                .join();
    }

    private static StoredValue value(String json, List<String> blobs) {
        return new StoredValue("f".repeat(64), "json", INT, json.getBytes(StandardCharsets.UTF_8), blobs);
    }

    private static String text(StoredValue value) {
        return new String(value.data(), StandardCharsets.UTF_8);
    }

    private void sql(String sql, String... parameters) throws Exception {
        assertEquals(1, StoreSql.update(folder, sql, (Object[]) parameters), sql);
    }
}
