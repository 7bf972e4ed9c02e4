package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.PATIENCE;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.DispatchSummary;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded SQLite store: where it lives, that it reopens, that several instances (standing in
 * for several processes) share one folder without "database is locked" errors, and the SPI's
 * lookup rules.
 */
class SqliteStoreTest {
    @TempDir
    Path folder;

    private final AtomicInteger runs = new AtomicInteger();
    private final ElectronRef<Integer> square = Fixtures.<Integer>electron("square")
            .parameter("x", INT)
            .returns(INT)
            .build(args -> {
                runs.incrementAndGet();
                return (Integer) args[0] * (Integer) args[0];
            });
    private final ElectronRef<Integer> plusOne = Fixtures.<Integer>electron("plusOne")
            .parameter("x", INT)
            .returns(INT)
            .build(args -> {
                runs.incrementAndGet();
                return (Integer) args[0] + 1;
            });
    private final LatticeRef<Integer> lattice = Fixtures.lattice(
            "squarePlusOne", INT, (graph, in) -> graph.call(plusOne, graph.call(square, in.get(0))), INT);

    @Test
    void theDatabaseIsValenceDbInTheFolderWhichIsCreated() {
        Path nested = folder.resolve("a").resolve("store");
        try (Valence valence = Valence.open(nested)) {
            finish(valence.dispatch(lattice.workflow(2)));
        }
        assertEquals("valence.db", SqliteStore.DATABASE_FILE);
        assertTrue(Files.isRegularFile(nested.resolve("valence.db")));
        try (SqliteStore store = SqliteStore.open(nested)) {
            assertEquals(nested.toAbsolutePath(), store.folder());
            assertEquals(1, store.dispatchLog().dispatches().size());
        }
    }

    @Test
    void reopeningKeepsEverythingAndAddsToIt() {
        String first;
        try (Valence valence = Valence.open(folder)) {
            first = finish(valence.dispatch(lattice.workflow(3))).id();
        }
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> again = finish(valence.dispatch(lattice.workflow(3)));
            assertEquals(10, again.value());
            assertEquals(Optional.of(first), again.node("square").reusedFrom());
        }
        try (Valence valence = Valence.open(folder)) {
            assertEquals(2, valence.dispatches().size());
        }
        assertEquals(2, runs.get());
    }

    /**
     * Two instances on one folder dispatch at the same time from several threads: every dispatch
     * completes (no "database is locked"), and each instance sees the other's dispatches and reuses
     * its results.
     */
    @Test
    void twoInstancesShareAFolderWhileBothDispatch() throws Exception {
        int perInstance = 25;
        try (Valence left = Valence.builder().folder(folder).threads(4).open();
                Valence right = Valence.builder().folder(folder).threads(4).open()) {
            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                CyclicBarrier go = new CyclicBarrier(4);
                List<Future<List<DispatchResult<Integer>>>> batches = new ArrayList<>();
                for (int caller = 0; caller < 4; caller++) {
                    Valence valence = caller % 2 == 0 ? left : right;
                    int offset = caller * 1000;
                    batches.add(callers.submit(() -> {
                        go.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                        List<Dispatch<Integer>> started = new ArrayList<>();
                        for (int i = 0; i < perInstance / 2 + 1; i++) {
                            started.add(valence.dispatch(lattice.workflow(offset + i)));
                        }
                        List<DispatchResult<Integer>> done = new ArrayList<>();
                        for (Dispatch<Integer> dispatch : started) {
                            done.add(finish(dispatch));
                        }
                        return done;
                    }));
                }
                int total = 0;
                for (Future<List<DispatchResult<Integer>>> batch : batches) {
                    for (DispatchResult<Integer> result : batch.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                        assertEquals(
                                DispatchStatus.COMPLETED,
                                result.status(),
                                () -> result.error().orElse(""));
                        total++;
                    }
                }
                assertEquals(total, left.dispatches().size());
                assertEquals(total, right.dispatches().size());
                assertTrue(left.dispatches().stream().allMatch(d -> d.status() == DispatchStatus.COMPLETED));
                assertEquals(2 * total, runs.get());
            } finally {
                callers.shutdownNow();
            }

            // A result written by one instance is reused by the other (an input no batch used).
            String byLeft = finish(left.dispatch(lattice.workflow(-7777))).id();
            DispatchResult<Integer> byRight = finish(right.dispatch(lattice.workflow(-7777)));
            assertEquals(NodeStatus.REUSED, byRight.node("square").status());
            assertEquals(Optional.of(byLeft), byRight.node("square").reusedFrom());
            assertEquals(Optional.of(byLeft), byRight.node("plusOne").reusedFrom());
            assertEquals(
                    DispatchStatus.COMPLETED,
                    left.result(byRight.id()).orElseThrow().status(),
                    "the left instance reads what the right one wrote");
        }
    }

    /** Opening a folder while other instances open it and write to it does not fail. */
    @Test
    void manyInstancesOpenOneFolderAtOnceWhileItIsWritten() throws Exception {
        int openers = 6;
        try (Valence writer = Valence.builder().folder(folder).threads(2).open()) {
            ExecutorService threads = Executors.newFixedThreadPool(openers + 1);
            try {
                CyclicBarrier go = new CyclicBarrier(openers + 1);
                Future<Integer> writing = threads.submit(() -> {
                    go.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    int completed = 0;
                    for (int i = 0; i < 20; i++) {
                        if (finish(writer.dispatch(lattice.workflow(i))).status() == DispatchStatus.COMPLETED) {
                            completed++;
                        }
                    }
                    return completed;
                });
                List<Future<Integer>> opened = new ArrayList<>();
                for (int i = 0; i < openers; i++) {
                    opened.add(threads.submit(() -> {
                        go.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                        try (Valence reader = Valence.open(folder)) {
                            return reader.dispatches().size();
                        }
                    }));
                }
                for (Future<Integer> open : opened) {
                    assertTrue(open.get(PATIENCE.toSeconds(), TimeUnit.SECONDS) >= 0);
                }
                assertEquals(20, writing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /** Several instances creating the same fresh store at once: one creates it, the others wait. */
    @Test
    void manyInstancesCreateOneFreshStoreAtOnce() throws Exception {
        Path fresh = folder.resolve("fresh");
        int openers = 6;
        ExecutorService threads = Executors.newFixedThreadPool(openers);
        try {
            CyclicBarrier go = new CyclicBarrier(openers);
            List<Future<String>> dispatched = new ArrayList<>();
            for (int i = 0; i < openers; i++) {
                int input = i;
                dispatched.add(threads.submit(() -> {
                    go.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    try (Valence valence = Valence.open(fresh)) {
                        return finish(valence.dispatch(lattice.workflow(input))).id();
                    }
                }));
            }
            for (Future<String> id : dispatched) {
                id.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        try (Valence valence = Valence.open(fresh)) {
            assertEquals(openers, valence.dispatches().size());
        }
    }

    /** The SPI's lookup: only indexed results from the whole store, any recorded node from one dispatch. */
    @Test
    void lookupFindsIndexedResultsOrNodesOfOneDispatch() {
        try (SqliteStore store = SqliteStore.open(folder)) {
            StoredValue value = new StoredValue("f".repeat(64), "json", INT, "4".getBytes(StandardCharsets.UTF_8));
            store.dispatchLog()
                    .createDispatch(dispatch("d1"), List.of(node(0, NodeStatus.PENDING, null, null)), List.of());
            store.dispatchLog()
                    .createDispatch(dispatch("d2"), List.of(node(0, NodeStatus.PENDING, null, null)), List.of());
            assertEquals(Optional.empty(), store.resultIndex().lookup("key", null));

            // Recorded without indexing (an uncached electron): found only by Reuse.from's node search.
            store.dispatchLog()
                    .finishNode("d1", node(0, NodeStatus.COMPLETED, "key", value.fingerprint()), value, false)
                    .join();
            assertEquals(Optional.empty(), store.resultIndex().lookup("key", null));
            assertEquals(
                    Optional.of(new CachedResult(value.fingerprint(), "d1", 0, "json")),
                    store.resultIndex().lookup("key", "d1"));
            assertEquals(Optional.empty(), store.resultIndex().lookup("key", "d2"));

            store.dispatchLog()
                    .finishNode("d2", node(0, NodeStatus.COMPLETED, "key", value.fingerprint()), value, true)
                    .join();
            assertEquals(
                    Optional.of(new CachedResult(value.fingerprint(), "d2", 0, "json")),
                    store.resultIndex().lookup("key", null));
            assertEquals(
                    "4",
                    new String(
                            store.values()
                                    .value(value.fingerprint())
                                    .orElseThrow()
                                    .data(),
                            StandardCharsets.UTF_8));
            assertEquals(Optional.empty(), store.values().value("0".repeat(64)));

            store.dispatchLog()
                    .finishDispatch("d2", DispatchStatus.COMPLETED, Instant.parse("2026-01-02T03:04:05.123456Z"), null);
            DispatchRecord read = store.dispatchLog().dispatch("d2").orElseThrow();
            assertEquals(DispatchStatus.COMPLETED, read.status());
            assertEquals(Instant.parse("2026-01-02T03:04:05.123456Z"), read.endedAt(), "microsecond precision");
            assertEquals(
                    List.of("d1", "d2"),
                    store.dispatchLog().dispatches().stream()
                            .map(DispatchRecord::id)
                            .toList());
            assertEquals(List.of(), store.dispatchLog().nodes("unknown"));
        }
    }

    @Test
    void aStoreWrittenByANewerVersionIsRefusedWithAClearMessage() throws SQLException {
        try (Valence valence = Valence.open(folder)) {
            assertEquals(List.<DispatchSummary>of(), valence.dispatches());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("valence.db"));
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
        }
        StoreException error = assertThrows(StoreException.class, () -> Valence.open(folder));
        assertTrue(error.getMessage().contains("newer Valence"), error.getMessage());
    }

    static DispatchRecord dispatch(String id) {
        return new DispatchRecord(
                id,
                "l",
                "l",
                "",
                INT,
                0,
                DispatchStatus.RUNNING,
                Instant.now(),
                null,
                "all",
                null,
                List.of(),
                null,
                null,
                null);
    }

    static NodeRecord node(int index, NodeStatus status, String key, String fingerprint) {
        return new NodeRecord(
                index,
                "n",
                NodeKind.ELECTRON,
                "e",
                "",
                INT,
                List.of(),
                status,
                status == NodeStatus.COMPLETED ? NodeOutcome.COMPUTED : NodeOutcome.PENDING,
                null,
                null,
                0,
                key,
                fingerprint,
                null,
                null,
                null,
                "",
                "",
                null,
                null);
    }
}
