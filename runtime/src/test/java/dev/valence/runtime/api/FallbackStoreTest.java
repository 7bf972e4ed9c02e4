package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Earlier store folders as read-only fallbacks: a fresh folder reuses their results, copies the
 * reused values so that later processes need no fallback, and never writes to them.
 */
class FallbackStoreTest {
    @TempDir
    Path root;

    private final Arithmetic arithmetic = new Arithmetic();

    @Test
    void resultsOfAnEarlierFolderAreReusedInAFreshFolderWithoutWritingToIt() throws IOException {
        Path earlier = root.resolve("earlier");
        Path fresh = root.resolve("fresh");
        String earlierId;
        try (Valence valence = Valence.open(earlier)) {
            earlierId = finish(valence.dispatch(arithmetic.workflow(1, 2))).id();
        }
        assertEquals(3, arithmetic.runs());
        byte[] before = Files.readAllBytes(earlier.resolve(SqliteStore.DATABASE_FILE));
        List<Path> filesBefore = listing(earlier);

        try (Valence valence = Valence.builder().folder(fresh).fallback(earlier).open()) {
            DispatchResult<Double> result = finish(valence.dispatch(arithmetic.workflow(1, 2)));

            assertEquals(1.5, result.value());
            for (NodeResult node : result.electronNodes()) {
                assertEquals(NodeStatus.REUSED, node.status(), node.name());
                assertEquals(Optional.of(earlierId), node.reusedFrom(), node.name());
            }
            assertEquals(3, result.node("task1").value());
            assertEquals(
                    List.of(),
                    valence.dispatches().stream()
                            .filter(summary -> summary.id().equals(earlierId))
                            .toList(),
                    "the fallback's dispatches are not listed as this store's");
        }
        assertEquals(3, arithmetic.runs(), "nothing ran again");

        // A later process without the fallback reuses the copies in the fresh folder.
        try (Valence valence = Valence.open(fresh)) {
            DispatchResult<Double> result = finish(valence.dispatch(arithmetic.workflow(1, 2)));
            assertEquals(1.5, result.value());
            assertEquals(NodeStatus.REUSED, result.node("task2").status());
        }
        assertEquals(3, arithmetic.runs());

        assertArrayEquals(before, Files.readAllBytes(earlier.resolve(SqliteStore.DATABASE_FILE)), "no writes");
        assertEquals(filesBefore, listing(earlier), "no files created in the fallback");
    }

    @Test
    void aMissingFallbackFolderIsAClearErrorAndCreatesNothing() {
        Path missing = root.resolve("no-such-run");
        Path fresh = root.resolve("fresh");
        StoreException error = assertThrows(
                StoreException.class,
                () -> Valence.builder().folder(fresh).fallback(missing).open());
        assertTrue(error.getMessage().contains("no such folder"), error.getMessage());
        assertTrue(error.getMessage().contains("no-such-run"), error.getMessage());
        assertFalse(Files.exists(missing), "a fallback is never created");
        assertFalse(Files.exists(fresh), "nothing opened");
    }

    @Test
    void aFolderWithoutADatabaseIsAClearError() throws IOException {
        Path empty = Files.createDirectories(root.resolve("empty"));
        StoreException error = assertThrows(
                StoreException.class,
                () -> Valence.builder()
                        .folder(root.resolve("fresh"))
                        .fallback(empty)
                        .open());
        assertTrue(error.getMessage().contains("has no " + SqliteStore.DATABASE_FILE), error.getMessage());
        assertEquals(List.of(), listing(empty));
    }

    @Test
    void fallbacksAreConsultedInOrderAndTheMainStoreFirst() {
        Path first = root.resolve("first");
        Path second = root.resolve("second");
        Path fresh = root.resolve("fresh");
        String firstId;
        try (Valence valence = Valence.open(first)) {
            firstId = finish(valence.dispatch(arithmetic.workflow(1, 2))).id();
        }
        try (Valence valence = Valence.open(second)) {
            finish(valence.dispatch(arithmetic.workflow(1, 2), Reuse.NONE));
            finish(valence.dispatch(arithmetic.workflow(4, 2)));
        }
        assertEquals(9, arithmetic.runs());
        try (Valence valence =
                Valence.builder().folder(fresh).fallback(first).fallback(second).open()) {
            DispatchResult<Double> one = finish(valence.dispatch(arithmetic.workflow(1, 2)));
            assertEquals(Optional.of(firstId), one.node("task2").reusedFrom(), "the first fallback wins");
            DispatchResult<Double> four = finish(valence.dispatch(arithmetic.workflow(4, 2)));
            assertEquals(3.0, four.value());
            assertEquals(NodeStatus.REUSED, four.node("task2").status(), "found in the second fallback");
            DispatchResult<Double> again = finish(valence.dispatch(arithmetic.workflow(1, 2)));
            assertEquals(Optional.of(one.id()), again.node("task2").reusedFrom(), "the main store first");
        }
        assertEquals(9, arithmetic.runs());
    }

    @Test
    void aDamagedValueInAFallbackIsNotReusedAndTheFallbackIsLeftAlone() throws Exception {
        Path earlier = root.resolve("earlier");
        String damaged;
        try (Valence valence = Valence.open(earlier)) {
            damaged = finish(valence.dispatch(arithmetic.workflow(1, 2)))
                    .node("task1")
                    .valueFingerprint()
                    .orElseThrow();
        }
        try (Connection connection =
                        DriverManager.getConnection("jdbc:sqlite:" + earlier.resolve(SqliteStore.DATABASE_FILE));
                PreparedStatement update =
                        connection.prepareStatement("UPDATE stored_values SET data = ? WHERE fingerprint = ?")) {
            update.setBytes(1, "4".getBytes(StandardCharsets.UTF_8));
            update.setString(2, damaged);
            assertEquals(1, update.executeUpdate());
        }
        byte[] before = Files.readAllBytes(earlier.resolve(SqliteStore.DATABASE_FILE));
        try (Valence valence = Valence.builder()
                .folder(root.resolve("fresh"))
                .fallback(earlier)
                .open()) {
            DispatchResult<Double> result = finish(valence.dispatch(arithmetic.workflow(1, 2)));
            assertEquals(1.5, result.value());
            assertEquals(NodeStatus.REUSED, result.node("task0").status());
            assertEquals(NodeStatus.COMPLETED, result.node("task1").status(), "recomputed");
            assertEquals(3, result.node("task1").value());
        }
        assertEquals(2, arithmetic.task1Runs.get());
        assertArrayEquals(before, Files.readAllBytes(earlier.resolve(SqliteStore.DATABASE_FILE)));
    }

    @Test
    void aReadOnlyStoreRefusesWrites() {
        Path earlier = root.resolve("earlier");
        try (Valence valence = Valence.open(earlier)) {
            finish(valence.dispatch(arithmetic.workflow(1, 2)));
        }
        try (SqliteStore store = SqliteStore.openReadOnly(earlier)) {
            assertTrue(store.isReadOnly());
            assertEquals(1, store.dispatchLog().dispatches().size());
            StoreException error = assertThrows(
                    StoreException.class,
                    () -> store.dispatchLog().finishDispatch("x", DispatchStatus.FAILED, Instant.now(), null));
            assertTrue(error.getMessage().contains("read-only"), error.getMessage());
        }
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            return files.filter(file -> !file.equals(folder))
                    .map(folder::relativize)
                    .sorted()
                    .toList();
        }
    }
}
