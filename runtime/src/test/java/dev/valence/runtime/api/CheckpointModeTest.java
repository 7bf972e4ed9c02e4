package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.CheckpointMode;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each checkpoint mode makes durable, seen from a second instance on the same folder (which
 * sees only committed records, as another process would).
 */
class CheckpointModeTest {
    @TempDir
    Path folder;

    private static final ElectronRef<Integer> DOUBLE_IT = Fixtures.<Integer>electron("doubleIt")
            .parameter("x", INT)
            .returns(INT)
            .build(args -> (Integer) args[0] * 2);

    private static final LatticeRef<Integer> LATTICE =
            Fixtures.lattice("doubling", INT, (graph, in) -> graph.call(DOUBLE_IT, in.get(0)), INT);

    private Valence open(CheckpointMode mode) {
        return Valence.builder().folder(folder).checkpoint(mode).open();
    }

    @Test
    void onRequestKeepsResultsToThisProcessUntilACheckpoint() {
        try (Valence writer = open(CheckpointMode.ON_REQUEST);
                Valence reader = Valence.open(folder)) {
            DispatchResult<Integer> result = finish(writer.dispatch(LATTICE.workflow(21)));
            assertEquals(42, result.value(), "the writer sees its own results at once");
            assertEquals(
                    DispatchStatus.RUNNING,
                    reader.result(result.id()).orElseThrow().status());

            writer.checkpoint();
            DispatchResult<Object> seen = reader.result(result.id()).orElseThrow();
            assertEquals(DispatchStatus.COMPLETED, seen.status());
            assertEquals(42, seen.value());
        }
    }

    @Test
    void endOfDispatchCommitsWhenTheDispatchEnds() {
        try (Valence writer = open(CheckpointMode.END_OF_DISPATCH);
                Valence reader = Valence.open(folder)) {
            DispatchResult<Integer> result = finish(writer.dispatch(LATTICE.workflow(5)));
            waitUntilCompleted(reader, result.id());
            assertEquals(10, reader.result(result.id()).orElseThrow().value());
            // The other instance reuses what was committed.
            assertEquals(
                    NodeStatus.REUSED,
                    finish(reader.dispatch(LATTICE.workflow(5)))
                            .node("doubleIt")
                            .status());
        }
    }

    @Test
    void periodicCommitsWithinItsInterval() {
        try (Valence writer = open(CheckpointMode.every(Duration.ofMillis(100)));
                Valence reader = Valence.open(folder)) {
            DispatchResult<Integer> result = finish(writer.dispatch(LATTICE.workflow(7)));
            waitUntilCompleted(reader, result.id());
            assertEquals(14, reader.result(result.id()).orElseThrow().value());
        }
    }

    @Test
    void eachNodeSyncedToDiskCommitsBeforeTheDispatchEnds() {
        try (Valence writer = open(CheckpointMode.EACH_NODE.syncedToDisk());
                Valence reader = Valence.open(folder)) {
            DispatchResult<Integer> result = finish(writer.dispatch(LATTICE.workflow(8)));
            // No wait: in the each-node modes await() returns once everything is committed.
            DispatchResult<Object> seen = reader.result(result.id()).orElseThrow();
            assertEquals(DispatchStatus.COMPLETED, seen.status());
            assertEquals(16, seen.value());
        }
    }

    @Test
    void closingCommitsWhatIsPending() {
        String id;
        try (Valence writer = open(CheckpointMode.ON_REQUEST)) {
            id = finish(writer.dispatch(LATTICE.workflow(4))).id();
        }
        try (Valence reader = Valence.open(folder)) {
            assertEquals(8, reader.result(id).orElseThrow().value());
        }
    }

    /** Polls the other instance: commits of the deferred modes happen on the store's own thread. */
    private static void waitUntilCompleted(Valence reader, String id) {
        long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
        while (reader.result(id)
                .map(r -> r.status() != DispatchStatus.COMPLETED)
                .orElse(true)) {
            assertTrue(System.nanoTime() < deadline, "dispatch " + id + " never became visible");
            Thread.onSpinWait();
        }
    }
}
