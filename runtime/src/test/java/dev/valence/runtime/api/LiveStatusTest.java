package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.CheckpointMode;
import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchProgress;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeSnapshot;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running dispatch seen live: from its Dispatch in this process, and from another process through the store. */
class LiveStatusTest {
    @TempDir
    Path work;

    private final CountDownLatch running = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** held(x) blocks until the test releases it; then next(x) runs. */
    private LatticeRef<Integer> heldThenNext() {
        ElectronRef<Integer> held = Fixtures.<Integer>electron("held")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    running.countDown();
                    Fixtures.block(release);
                    return (Integer) args[0];
                });
        ElectronRef<Integer> next = Fixtures.<Integer>electron("next")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> (Integer) args[0] + 1);
        return Fixtures.lattice("live", INT, (graph, in) -> graph.call(next, graph.call(held, in.get(0))), INT);
    }

    @Test
    void theDispatchShowsItsRunningNodeWithItsStartTimeAndTheCounts() {
        try (Valence valence = Valence.open(work.resolve("store"))) {
            Instant before = Instant.now();
            Dispatch<Integer> dispatch = valence.dispatch(heldThenNext().workflow(1));
            Fixtures.await(running);
            NodeSnapshot held = dispatch.nodes().stream()
                    .filter(node -> node.name().equals("held"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(NodeStatus.RUNNING, held.status());
            assertTrue(!held.startTime().orElseThrow().isBefore(before), held.toString());
            assertEquals(1, held.attempts());
            assertEquals(new DispatchProgress(2, 1, 1, 0, 0, 0, 0), dispatch.progress());
            release.countDown();
            assertEquals(2, finish(dispatch).value());
            assertEquals(new DispatchProgress(2, 0, 0, 2, 0, 0, 0), dispatch.progress());
        }
    }

    @Test
    void anotherProcessSeesTheRunningNodeAndItsStartTimeWithinASecond() throws Exception {
        assertSeenRunningFromAnotherProcess(null);
    }

    /** Even the mode that commits once per dispatch lets running nodes through within a second. */
    @Test
    void anotherProcessSeesARunningNodeUnderEndOfDispatchCheckpoints() throws Exception {
        assertSeenRunningFromAnotherProcess(CheckpointMode.END_OF_DISPATCH);
    }

    private void assertSeenRunningFromAnotherProcess(CheckpointMode mode) throws Exception {
        Path store = work.resolve("store");
        var builder = Valence.builder().folder(store);
        if (mode != null) {
            builder.checkpoint(mode);
        }
        try (Valence valence = builder.open()) {
            Dispatch<Integer> dispatch = valence.dispatch(heldThenNext().workflow(1));
            Fixtures.await(running);
            // The store keeps microseconds.
            Instant started = dispatch.nodes().get(1).startTime().orElseThrow().truncatedTo(ChronoUnit.MICROS);
            // The start is committed within a second; a second JVM takes longer than that to start.
            Thread.sleep(1_200);
            String output = StoreClient.run(work, "status", store.toString(), dispatch.id(), "held");
            assertEquals("NODE RUNNING STARTED " + started, output.strip());
            release.countDown();
            assertEquals(DispatchStatus.COMPLETED, finish(dispatch).status());
        }
        String after = StoreClient.run(work, "status", store.toString(), onlyDispatch(store), "held");
        assertTrue(after.startsWith("NODE COMPLETED STARTED "), after);
    }

    private static String onlyDispatch(Path store) {
        try (Valence valence = Valence.open(store)) {
            return valence.dispatches().get(0).id();
        }
    }
}
