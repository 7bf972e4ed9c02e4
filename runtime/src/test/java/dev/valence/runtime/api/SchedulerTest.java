package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.PATIENCE;
import static dev.valence.runtime.api.Fixtures.STRING;
import static dev.valence.runtime.api.Fixtures.block;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchFailedException;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler: independent nodes in parallel, waiting with a timeout, cancelling a dispatch. */
class SchedulerTest {
    @TempDir
    Path folder;

    /**
     * Each electron waits at a barrier that only the other one can open: the dispatch completes
     * only if both run at the same time. Run sequentially, the barrier times out and the nodes fail.
     */
    @Test
    void independentElectronsRunInParallel() {
        CyclicBarrier bothRunning = new CyclicBarrier(2);
        AtomicInteger runs = new AtomicInteger();
        ElectronRef<String> meet = Fixtures.<String>electron("meet")
                .parameter("who", STRING)
                .returns(STRING)
                .build(args -> {
                    runs.incrementAndGet();
                    bothRunning.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    return "met " + args[0];
                });
        ElectronRef<String> join = Fixtures.<String>electron("join")
                .parameter("left", STRING)
                .parameter("right", STRING)
                .returns(STRING)
                .build(args -> args[0] + " & " + args[1]);
        LatticeRef<String> lattice = Fixtures.lattice(
                "pair",
                STRING,
                (graph, in) -> {
                    Handle<String> left = graph.call(meet, in.get(0));
                    Handle<String> right = graph.call(meet, in.get(1));
                    return graph.call(join, left, right);
                },
                STRING,
                STRING);

        try (Valence valence = Valence.builder().folder(folder).threads(2).open()) {
            DispatchResult<String> result = finish(valence.dispatch(lattice.workflow("x", "y")));

            assertEquals(
                    DispatchStatus.COMPLETED,
                    result.status(),
                    () -> result.error().orElse(""));
            assertEquals("met x & met y", result.value());
            assertEquals(2, runs.get());
            assertEquals(NodeStatus.COMPLETED, result.node("meet[p1]").status());
        }
    }

    /** A diamond: one upstream feeds two branches that join; every electron runs exactly once. */
    @Test
    void aDiamondRunsEachElectronOnceWithTheRightArguments() {
        AtomicInteger runs = new AtomicInteger();
        ElectronRef<Integer> plus = Fixtures.<Integer>electron("plus")
                .parameter("a", INT)
                .parameter("b", INT)
                .returns(INT)
                .build(args -> {
                    runs.incrementAndGet();
                    return (Integer) args[0] + (Integer) args[1];
                });
        LatticeRef<Integer> lattice = Fixtures.lattice(
                "diamond",
                INT,
                (graph, in) -> {
                    Handle<Integer> top = graph.call(plus, in.get(0), in.get(0)); // 2a
                    Handle<Integer> left = graph.call(plus, top, graph.constant(1, INT)); // 2a + 1
                    Handle<Integer> right = graph.call(plus, top, top); // 4a
                    return graph.call(plus, left, right); // 6a + 1
                },
                INT);

        try (Valence valence = Valence.builder().folder(folder).threads(4).open()) {
            DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(5)));

            assertEquals(31, result.value());
            assertEquals(4, runs.get());
            assertEquals(20, result.node("plus#3").value());
        }
    }

    /** With no electron to wait for, the dispatch ends at once with its input as the value. */
    @Test
    void aLatticeWithoutElectronsCompletesWithItsInput() {
        LatticeRef<Object> echo = Fixtures.lattice("echo", INT, (graph, in) -> in.get(0), INT);
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Object> result = finish(valence.dispatch(echo.workflow(7)));
            assertEquals(DispatchStatus.COMPLETED, result.status());
            assertEquals(7, result.value());
            assertEquals(0, result.electronNodes().size());
        }
    }

    @Test
    void awaitWithATimeoutReturnsEmptyWhileANodeIsBlockedThenTheResult() {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        ElectronRef<Integer> gate = gate(started, release);
        LatticeRef<Integer> lattice = Fixtures.lattice("gated", INT, (graph, in) -> graph.call(gate, in.get(0)), INT);

        try (Valence valence = Valence.builder().folder(folder).threads(1).open()) {
            Dispatch<Integer> dispatch = valence.dispatch(lattice.workflow(4));
            try {
                Fixtures.await(started);
                assertEquals(Optional.empty(), dispatch.await(Duration.ofMillis(50)));
                assertFalse(dispatch.isDone());
                DispatchResult<Object> running = valence.result(dispatch.id()).orElseThrow();
                assertEquals(DispatchStatus.RUNNING, running.status());
                assertEquals(NodeStatus.RUNNING, running.node("gate").status(), "its start is recorded");
                assertTrue(running.node("gate").startTime().isPresent());
                DispatchFailedException notYet = assertThrows(DispatchFailedException.class, running::value);
                assertEquals(DispatchStatus.RUNNING, notYet.status());
            } finally {
                release.countDown();
            }
            DispatchResult<Integer> result = finish(dispatch);
            assertEquals(4, result.value());
            assertTrue(dispatch.isDone());
        }
    }

    /**
     * Cancelling with one node blocked: the nodes that have not started are cancelled, the running
     * one is interrupted, and all of them and the dispatch end CANCELLED at once.
     */
    @Test
    void cancelStopsPendingNodesAndInterruptsTheRunningOne() {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger laterRuns = new AtomicInteger();
        ElectronRef<Integer> gate = gate(started, release);
        ElectronRef<Integer> later = Fixtures.<Integer>electron("later")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    laterRuns.incrementAndGet();
                    return (Integer) args[0] + 1;
                });
        LatticeRef<Integer> lattice = Fixtures.lattice(
                "cancellable",
                INT,
                (graph, in) -> {
                    Handle<Integer> gated = graph.call(gate, in.get(0));
                    graph.call(later, in.get(0)); // independent, but queued behind the gate on one thread
                    return graph.call(later, gated);
                },
                INT);

        try (Valence valence = Valence.builder().folder(folder).threads(1).open()) {
            Dispatch<Integer> dispatch = valence.dispatch(lattice.workflow(1), Reuse.NONE);
            DispatchResult<Object> midway;
            try {
                Fixtures.await(started);
                dispatch.cancel();
                midway = valence.result(dispatch.id()).orElseThrow();
            } finally {
                // Only after the dispatch ended: the gate must not be what ends it.
            }
            assertEquals(NodeStatus.CANCELLED, midway.node("later#2").status());
            assertEquals(NodeStatus.CANCELLED, midway.node("gate").status(), "interrupted, not waited for");
            assertTrue(dispatch.await(Duration.ofSeconds(2)).isPresent(), "ends without waiting for the gate");
            release.countDown();

            DispatchResult<Integer> result = finish(dispatch);

            assertEquals(DispatchStatus.CANCELLED, result.status());
            assertEquals(NodeStatus.CANCELLED, result.node("gate").status());
            assertEquals(NodeStatus.CANCELLED, result.node("later[p0]").status());
            assertEquals(NodeStatus.CANCELLED, result.node("later#2").status());
            assertEquals(0, laterRuns.get());
            DispatchFailedException error = assertThrows(DispatchFailedException.class, result::value);
            assertEquals(DispatchStatus.CANCELLED, error.status());
            assertEquals(dispatch.id(), error.dispatchId());
        }
    }

    /** An electron that signals it started, then blocks until released, returning its argument. */
    static ElectronRef<Integer> gate(CountDownLatch started, CountDownLatch release) {
        return Fixtures.<Integer>electron("gate")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    started.countDown();
                    block(release);
                    return (Integer) args[0];
                });
    }
}
