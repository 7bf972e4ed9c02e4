package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Pruned;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.store.InMemoryStore;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.BlobRef;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store housekeeping: size, deleting dispatches, pruning unreferenced values and blobs, vacuum. */
class HousekeepingTest {
    @TempDir
    Path folder;

    private final Arithmetic arithmetic = new Arithmetic();

    @Test
    void storeSizeCountsTheDatabaseAndGrowsWithResults() {
        try (Valence valence = Valence.open(folder)) {
            long empty = valence.storeSize();
            assertTrue(empty > 0, "the database file exists: " + empty);
            for (int i = 0; i < 20; i++) {
                finish(valence.dispatch(arithmetic.workflow(i, 2)));
            }
            valence.checkpoint();
            assertTrue(valence.storeSize() > empty, valence.storeSize() + " > " + empty);
        }
    }

    @Test
    void aDeletedDispatchIsGoneAndItsResultsAreNoLongerReused() {
        try (Valence valence = Valence.open(folder)) {
            String id = finish(valence.dispatch(arithmetic.workflow(1, 2))).id();
            String kept = finish(valence.dispatch(arithmetic.workflow(5, 2))).id();

            assertTrue(valence.deleteDispatch(id));
            assertFalse(valence.deleteDispatch(id), "already gone");

            assertTrue(valence.result(id).isEmpty());
            assertEquals(1, valence.dispatches().size());
            assertEquals(3.5, valence.result(kept).orElseThrow().value());
            DispatchResult<Double> again = finish(valence.dispatch(arithmetic.workflow(1, 2)));
            assertEquals(1.5, again.value());
            assertEquals(NodeStatus.COMPLETED, again.node("task2").status(), "recomputed, not reused");
            assertEquals(9, arithmetic.runs());
        }
    }

    @Test
    void deletingADispatchDeletesItsSublatticesChildDispatches() {
        ElectronRef<Integer> inc = Fixtures.<Integer>electron("inc")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> (Integer) args[0] + 1);
        LatticeRef<Integer> inner = Fixtures.lattice("inner", INT, (graph, in) -> graph.call(inc, in.get(0)), INT);
        LatticeRef<Integer> outer =
                Fixtures.lattice("outer", INT, (graph, in) -> graph.sublattice(inner, graph.call(inc, in.get(0))), INT);
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> result = finish(valence.dispatch(outer.workflow(1)));
            assertEquals(3, result.value());
            String child = result.sublattice("inner").id();
            assertTrue(valence.result(child).isPresent());

            assertTrue(valence.deleteDispatch(result.id()));

            assertTrue(valence.result(child).isEmpty(), "the child dispatch went with its parent");
        }
    }

    @Test
    void pruneDeletesOnlyUnreferencedValuesAndBlobs() {
        String kept;
        try (Valence valence = Valence.open(folder)) {
            String deleted = finish(valence.dispatch(arithmetic.workflow(1, 2))).id();
            kept = finish(valence.dispatch(arithmetic.workflow(5, 2))).id();
            assertEquals(Pruned.NOTHING, valence.prune(), "everything is referenced");

            valence.deleteDispatch(deleted);
            Pruned pruned = valence.prune();

            // 1 (input a and task0), 3 (task1) and 1.5 (task2); 2 (input b) is shared with the kept dispatch.
            assertEquals(3, pruned.values(), pruned.toString());
            assertTrue(pruned.valueBytes() > 0);
            assertEquals(Pruned.NOTHING, valence.prune());
            DispatchResult<Object> result = valence.result(kept).orElseThrow();
            assertEquals(3.5, result.value());
            assertEquals(7, result.node("task1").value());
        }
        BlobRef orphan;
        try (SqliteStore store = SqliteStore.open(folder)) {
            orphan = store.blobs().put(new ByteArrayInputStream(new byte[1000]));
            assertTrue(store.housekeeping().orElseThrow().storeSize() >= 1000);
            Pruned pruned = store.housekeeping().orElseThrow().prune();
            assertEquals(1, pruned.blobs());
            assertEquals(1000, pruned.blobBytes());
            assertFalse(store.blobs().contains(orphan.sha256()));
        }
        try (Valence valence = Valence.open(folder)) {
            assertEquals(3.5, valence.result(kept).orElseThrow().value());
        }
    }

    @Test
    void theInMemoryStoreDeletesAndPrunesToo() {
        try (Valence valence = Valence.builder().store(new InMemoryStore()).open()) {
            String id = finish(valence.dispatch(arithmetic.workflow(1, 2))).id();
            String kept = finish(valence.dispatch(arithmetic.workflow(5, 2))).id();
            assertTrue(valence.deleteDispatch(id));
            assertEquals(3, valence.prune().values());
            assertTrue(valence.result(id).isEmpty());
            assertEquals(3.5, valence.result(kept).orElseThrow().value());
            assertEquals(
                    NodeStatus.COMPLETED,
                    finish(valence.dispatch(arithmetic.workflow(1, 2)))
                            .node("task2")
                            .status());
        }
    }

    @Test
    void pruneRefusesWhileADispatchRuns() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ElectronRef<Integer> slow = Fixtures.<Integer>electron("slow")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    release.await();
                    return (Integer) args[0];
                });
        LatticeRef<Integer> lattice = Fixtures.lattice("slowly", INT, (graph, in) -> graph.call(slow, in.get(0)), INT);
        try (Valence valence = Valence.open(folder)) {
            var dispatch = valence.dispatch(lattice.workflow(1));
            ValenceException error = assertThrows(ValenceException.class, valence::prune);
            assertTrue(error.getMessage().contains("dispatches run"), error.getMessage());
            assertThrows(ValenceException.class, () -> valence.deleteDispatch(dispatch.id()));
            release.countDown();
            assertEquals(1, finish(dispatch).value());
        }
    }

    @Test
    void vacuumGivesSpaceBackAndTheStoreKeepsWorking() throws Exception {
        ElectronRef<String> big = Fixtures.<String>electron("big")
                .parameter("n", INT)
                .returns(Fixtures.STRING)
                .build(args -> String.valueOf(args[0]).repeat(200_000));
        LatticeRef<String> lattice =
                Fixtures.lattice("bigly", Fixtures.STRING, (graph, in) -> graph.call(big, in.get(0)), INT);
        try (Valence valence = Valence.open(folder)) {
            String id = finish(valence.dispatch(lattice.workflow(7))).id();
            valence.checkpoint();
            valence.deleteDispatch(id);
            valence.prune();
            valence.vacuum();
            long database = Files.size(folder.resolve(SqliteStore.DATABASE_FILE));
            assertTrue(database < 200_000, "the database shrank to " + database + " bytes");
            assertEquals(0, Files.size(folder.resolve(SqliteStore.DATABASE_FILE + "-wal")), "WAL truncated");
            assertEquals(
                    1.5, finish(valence.dispatch(arithmetic.workflow(1, 2))).value());
            valence.vacuum();
        }
        try (Valence valence = Valence.open(folder)) {
            assertEquals(1, valence.dispatches().size());
            assertEquals(DispatchStatus.COMPLETED, valence.dispatches().get(0).status());
        }
    }

    /** Failed nodes are recorded but never enter the key index: the next dispatch runs them again. */
    @Test
    void failuresAreRecordedButNeverReused() {
        AtomicInteger attempts = new AtomicInteger();
        ElectronRef<Integer> flaky = Fixtures.<Integer>electron("flaky")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new IllegalStateException("first call fails");
                    }
                    return (Integer) args[0];
                });
        LatticeRef<Integer> lattice =
                Fixtures.lattice("flakily", INT, (graph, in) -> graph.call(flaky, in.get(0)), INT);
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> failed = finish(valence.dispatch(lattice.workflow(4)));
            assertEquals(DispatchStatus.FAILED, failed.status());
            assertEquals(NodeStatus.FAILED, failed.node("flaky").status());
            assertTrue(failed.node("flaky").error().orElseThrow().contains("first call fails"));

            DispatchResult<Integer> second = finish(valence.dispatch(lattice.workflow(4), Reuse.from(failed.id())));
            assertEquals(NodeStatus.COMPLETED, second.node("flaky").status(), "not reused from the failed dispatch");
            DispatchResult<Integer> third = finish(valence.dispatch(lattice.workflow(4)));
            assertEquals(NodeStatus.REUSED, third.node("flaky").status());
            assertFailureStaysRecorded(valence, failed.id());
        }
        assertEquals(2, attempts.get());
    }

    private static void assertFailureStaysRecorded(Valence valence, String failedId) {
        assertEquals(
                NodeStatus.FAILED,
                valence.result(failedId).orElseThrow().node("flaky").status(),
                "the failure stays recorded");
    }
}
