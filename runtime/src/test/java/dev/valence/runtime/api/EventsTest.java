package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.PATIENCE;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchEvent;
import dev.valence.runtime.DispatchListener;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dispatch listeners: the exact event sequences of a diamond, retries, a reuse and a cancel. */
class EventsTest {
    @TempDir
    Path folder;

    /** Records events as short lines ("ready b", "started b 1", ...), and when the dispatch ended. */
    static final class Recorder implements DispatchListener {
        final List<DispatchEvent> events = new CopyOnWriteArrayList<>();
        final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void onEvent(DispatchEvent event) {
            events.add(event);
            if (event instanceof DispatchEvent.DispatchEnded) {
                ended.countDown();
            }
        }

        List<String> lines() throws InterruptedException {
            assertTrue(ended.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "no DispatchEnded event: " + events);
            List<String> lines = new ArrayList<>();
            for (DispatchEvent event : events) {
                lines.add(line(event));
            }
            return lines;
        }

        static String line(DispatchEvent event) {
            if (event instanceof DispatchEvent.DispatchStarted started) {
                return "dispatch started " + started.nodes();
            } else if (event instanceof DispatchEvent.DispatchEnded ended) {
                return "dispatch ended " + ended.status();
            } else if (event instanceof DispatchEvent.NodeReady ready) {
                return "ready " + ready.nodeName();
            } else if (event instanceof DispatchEvent.NodeStarted started) {
                return "started " + started.nodeName() + " " + started.attempt();
            } else if (event instanceof DispatchEvent.NodeRetrying retrying) {
                return "retrying " + retrying.nodeName() + " " + retrying.attempt() + " in " + retrying.delay();
            } else if (event instanceof DispatchEvent.NodeCompleted completed) {
                return "completed " + completed.nodeName() + " " + completed.attempts();
            } else if (event instanceof DispatchEvent.NodeReused reused) {
                return "reused " + reused.nodeName();
            } else if (event instanceof DispatchEvent.NodeFailed failed) {
                return "failed " + failed.nodeName();
            } else {
                return "cancelled " + ((DispatchEvent.NodeCancelled) event).nodeName();
            }
        }
    }

    private static ElectronRef<Integer> plus(String name, int amount) {
        return Fixtures.<Integer>electron(name)
                .parameter("x", INT)
                .returns(INT)
                .build(args -> (Integer) args[0] + amount);
    }

    /** a -> (b, c) -> d */
    private static LatticeRef<Integer> diamond() {
        ElectronRef<Integer> a = plus("a", 1);
        ElectronRef<Integer> b = plus("b", 10);
        ElectronRef<Integer> c = plus("c", 100);
        ElectronRef<Integer> d = Fixtures.<Integer>electron("d")
                .parameter("left", INT)
                .parameter("right", INT)
                .returns(INT)
                .build(args -> (Integer) args[0] + (Integer) args[1]);
        return Fixtures.lattice(
                "diamond",
                INT,
                (graph, in) -> {
                    Handle<Integer> top = graph.call(a, in.get(0));
                    return graph.call(d, graph.call(b, top), graph.call(c, top));
                },
                INT);
    }

    @Test
    void aDiamondReportsEachNodeReadyStartedAndCompletedInOrder() throws InterruptedException {
        Recorder recorder = new Recorder();
        try (Valence valence =
                Valence.builder().folder(folder).threads(1).listener(recorder).open()) {
            assertEquals(116, finish(valence.dispatch(diamond().workflow(2))).value());
            assertEquals(
                    List.of(
                            "dispatch started 4",
                            "ready a",
                            "started a 1",
                            "completed a 1",
                            "ready b",
                            "ready c",
                            "started b 1",
                            "completed b 1",
                            "started c 1",
                            "completed c 1",
                            "ready d",
                            "started d 1",
                            "completed d 1",
                            "dispatch ended COMPLETED"),
                    recorder.lines());
        }
    }

    @Test
    void aSecondDispatchReportsReusedNodesWithWhereTheirResultsCameFrom() throws InterruptedException {
        try (Valence valence = Valence.builder().folder(folder).threads(1).open()) {
            DispatchResult<Integer> first = finish(valence.dispatch(diamond().workflow(2)));
            Recorder recorder = new Recorder();
            finish(valence.dispatch(diamond().workflow(2), Reuse.ALL, recorder));
            assertEquals(
                    List.of(
                            "dispatch started 4",
                            "ready a",
                            "reused a",
                            "ready b",
                            "ready c",
                            "reused b",
                            "reused c",
                            "ready d",
                            "reused d",
                            "dispatch ended COMPLETED"),
                    recorder.lines());
            DispatchEvent.NodeReused reused = recorder.events.stream()
                    .filter(DispatchEvent.NodeReused.class::isInstance)
                    .map(DispatchEvent.NodeReused.class::cast)
                    .filter(event -> event.nodeName().equals("d"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(first.id(), reused.fromDispatch());
            assertEquals(first.node("d").index(), reused.fromNode());
        }
    }

    @Test
    void retriesWaitTheirGrowingDelaysAndEachAttemptIsAnEvent() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        ElectronRef<Integer> flaky = Fixtures.<Integer>electron("flaky")
                .parameter("x", INT)
                .returns(INT)
                .retries(3)
                .retryDelay("PT0.05S")
                .retryBackoff(3)
                .build(args -> {
                    if (calls.incrementAndGet() < 4) {
                        throw new IOException("flaky network, call " + calls.get());
                    }
                    return (Integer) args[0];
                });
        LatticeRef<Integer> lattice = Fixtures.lattice("retry", INT, (graph, in) -> graph.call(flaky, in.get(0)), INT);
        Recorder recorder = new Recorder();
        try (Valence valence =
                Valence.builder().folder(folder).listener(recorder).open()) {
            long started = System.nanoTime();
            DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(7)));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(7, result.value());
            assertEquals(4, result.node("flaky").attempts());
            assertEquals(
                    List.of(
                            "dispatch started 1",
                            "ready flaky",
                            "started flaky 1",
                            "retrying flaky 1 in PT0.05S",
                            "started flaky 2",
                            "retrying flaky 2 in PT0.15S",
                            "started flaky 3",
                            "retrying flaky 3 in PT0.45S",
                            "started flaky 4",
                            "completed flaky 4",
                            "dispatch ended COMPLETED"),
                    recorder.lines());
            assertTrue(took.toMillis() >= 650, "the delays 50 + 150 + 450 ms were waited: " + took);
        }
    }

    @Test
    void onlyTheListedExceptionTypesAreRetried() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        ElectronRef<Integer> strict = Fixtures.<Integer>electron("strict")
                .parameter("x", INT)
                .returns(INT)
                .retries(5)
                .retryOn(IOException.class)
                .build(args -> {
                    calls.incrementAndGet();
                    throw new IllegalArgumentException("bad input, never better on a retry");
                });
        LatticeRef<Integer> lattice =
                Fixtures.lattice("strict", INT, (graph, in) -> graph.call(strict, in.get(0)), INT);
        Recorder recorder = new Recorder();
        try (Valence valence =
                Valence.builder().folder(folder).listener(recorder).open()) {
            DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(1)));
            assertEquals(DispatchStatus.FAILED, result.status());
            assertEquals(1, calls.get());
            assertEquals(
                    List.of(
                            "dispatch started 1",
                            "ready strict",
                            "started strict 1",
                            "failed strict",
                            "dispatch ended FAILED"),
                    recorder.lines());
        }
    }

    @Test
    void aFailureCancelsItsDependantsAndTheEventsSaySo() throws InterruptedException {
        ElectronRef<Integer> boom = Fixtures.<Integer>electron("boom")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    throw new IllegalStateException("boom");
                });
        ElectronRef<Integer> after = plus("after", 1);
        LatticeRef<Integer> lattice =
                Fixtures.lattice("failing", INT, (graph, in) -> graph.call(after, graph.call(boom, in.get(0))), INT);
        Recorder recorder = new Recorder();
        try (Valence valence =
                Valence.builder().folder(folder).listener(recorder).open()) {
            finish(valence.dispatch(lattice.workflow(1)));
            assertEquals(
                    List.of(
                            "dispatch started 2",
                            "ready boom",
                            "started boom 1",
                            "failed boom",
                            "cancelled after",
                            "dispatch ended FAILED"),
                    recorder.lines());
        }
    }

    @Test
    void aCancelEndsTheRunningNodeAndThePendingOnesWithEvents() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        ElectronRef<Integer> slow = Fixtures.<Integer>electron("slow")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    running.countDown();
                    Thread.sleep(PATIENCE.toMillis());
                    return 0;
                });
        ElectronRef<Integer> after = plus("after", 1);
        LatticeRef<Integer> lattice =
                Fixtures.lattice("cancelled", INT, (graph, in) -> graph.call(after, graph.call(slow, in.get(0))), INT);
        Recorder recorder = new Recorder();
        try (Valence valence =
                Valence.builder().folder(folder).listener(recorder).open()) {
            var dispatch = valence.dispatch(lattice.workflow(1));
            Fixtures.await(running);
            dispatch.cancel();
            assertEquals(
                    DispatchStatus.CANCELLED,
                    finish(dispatch, Duration.ofSeconds(5)).status());
            List<String> lines = recorder.lines();
            assertEquals(
                    List.of("dispatch started 2", "ready slow", "started slow 1"),
                    lines.subList(0, 3),
                    lines.toString());
            assertEquals("dispatch ended CANCELLED", lines.get(lines.size() - 1));
            assertTrue(lines.containsAll(List.of("cancelled slow", "cancelled after")), lines.toString());
            assertEquals(6, lines.size(), lines.toString());
        }
    }

    @Test
    void aSlowListenerDoesNotStallTheDispatch() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        DispatchListener slow = event -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            recorder.onEvent(event);
        };
        try (Valence valence = Valence.builder().folder(folder).listener(slow).open()) {
            DispatchResult<Integer> result = finish(valence.dispatch(diamond().workflow(2)), Duration.ofSeconds(10));
            assertEquals(DispatchStatus.COMPLETED, result.status());
            assertEquals(0, recorder.events.size(), "the listener still holds the first event");
            release.countDown();
            assertEquals(
                    "dispatch ended COMPLETED",
                    recorder.lines().get(recorder.lines().size() - 1));
        }
    }

    @Test
    void aListenerThatThrowsKeepsReceivingEvents() throws InterruptedException {
        Recorder recorder = new Recorder();
        DispatchListener throwing = event -> {
            recorder.onEvent(event);
            throw new IllegalStateException("listener bug");
        };
        try (Valence valence =
                Valence.builder().folder(folder).listener(throwing).open()) {
            assertEquals(116, finish(valence.dispatch(diamond().workflow(2))).value());
            assertEquals(14, recorder.lines().size());
        }
    }
}
