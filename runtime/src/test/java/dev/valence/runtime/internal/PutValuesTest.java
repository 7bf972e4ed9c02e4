package dev.valence.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.CheckpointMode;
import dev.valence.runtime.internal.store.InMemoryStore;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoredValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ValueStore.putValues}: values stored ahead of their node records, as a cluster worker stores them. */
class PutValuesTest {
    @TempDir
    Path folder;

    private static StoredValue value(String fingerprint, String text) {
        return new StoredValue(
                fingerprint, "json", "java.lang.String", text.getBytes(StandardCharsets.UTF_8), List.of());
    }

    @Test
    void sqliteValuesAreVisibleToAnotherOpeningAtOnceInTheLaziestMode() {
        try (ResultStore writer = SqliteStore.open(folder, CheckpointMode.END_OF_DISPATCH);
                ResultStore reader = SqliteStore.open(folder)) {
            writer.values().putValues(List.of(value("a1", "\"one\""), value("b2", "\"two\"")));
            assertArrayEquals(
                    "\"two\"".getBytes(StandardCharsets.UTF_8),
                    reader.values().value("b2").orElseThrow().data());
            assertTrue(reader.values().whyUnusable("a1").isEmpty());
        }
    }

    @Test
    void aStoredValueIsKeptAsItIs() {
        try (ResultStore store = SqliteStore.open(folder);
                InMemoryStore memory = new InMemoryStore()) {
            for (ResultStore each : List.of(store, memory)) {
                each.values().putValues(List.of(value("a1", "\"first\"")));
                each.values().putValues(List.of(value("a1", "\"second\"")));
                assertEquals(
                        "\"first\"",
                        new String(each.values().value("a1").orElseThrow().data(), StandardCharsets.UTF_8));
            }
        }
    }
}
