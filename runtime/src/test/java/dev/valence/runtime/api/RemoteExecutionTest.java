package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.OutputCapture;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Stores;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceWorker;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.spi.execution.RemoteExecutor;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.execution.TaskResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The remote execution seam: nodes whose calls go through a serializing transport to a {@link
 * ValenceWorker} with a store of its own on the same folder, against the embedded SQLite store.
 */
class RemoteExecutionTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TempDir
    Path work;

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final AtomicInteger flaky = new AtomicInteger();

    @BeforeEach
    void reset() {
        runs.clear();
        flaky.set(0);
    }

    private int runsOf(String name) {
        AtomicInteger count = runs.get(name);
        return count == null ? 0 : count.get();
    }

    private ElectronRef<Integer> counted(String name, java.util.function.IntBinaryOperator body) {
        return Fixtures.<Integer>electron(name)
                .parameter("a", INT)
                .parameter("b", INT)
                .returns(INT)
                .codeFingerprint("code-of-" + name)
                .build(args -> {
                    runs.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                    System.out.println("computing " + name);
                    return body.applyAsInt((Integer) args[0], (Integer) args[1]);
                });
    }

    private final ElectronRef<Integer> add = counted("add", Integer::sum);
    private final ElectronRef<Integer> times = counted("times", (a, b) -> a * b);

    /** A fan-out of 16 adds, each multiplied by the input, summed pairwise into one value. */
    private LatticeRef<Integer> fan() {
        return Fixtures.lattice(
                "remoteFan",
                INT,
                (graph, in) -> {
                    List<Handle<Integer>> level = new ArrayList<>();
                    for (int i = 0; i < 16; i++) {
                        Handle<Integer> constant = graph.constant(i, INT);
                        level.add(graph.call(times, graph.call(add, in.get(0), constant), in.get(0)));
                    }
                    while (level.size() > 1) {
                        List<Handle<Integer>> next = new ArrayList<>();
                        for (int i = 0; i < level.size(); i += 2) {
                            next.add(graph.call(add, level.get(i), level.get(i + 1)));
                        }
                        level = next;
                    }
                    return level.get(0);
                },
                INT);
    }

    private SerializingRemoteExecutor executor(Path store, ElectronRef<?>... electrons) {
        ValenceWorker.Builder worker = ValenceWorker.builder().id("w1").store(Stores.open(store.toString()));
        for (ElectronRef<?> electron : electrons) {
            worker.electron(electron);
        }
        return new SerializingRemoteExecutor(worker.open());
    }

    @Test
    void remoteNodesGiveTheValuesOfALocalRunAndAreRecordedAsComputedByTheirWorker() {
        int local;
        try (Valence valence = Valence.builder()
                .folder(work.resolve("local"))
                .output(OutputCapture.CAPTURE_ONLY)
                .open()) {
            local = finish(valence.dispatch(fan().workflow(3))).value();
        }
        Path store = work.resolve("remote");
        runs.clear();
        try (SerializingRemoteExecutor remote = executor(store, add, times);
                Valence valence =
                        Valence.builder().folder(store).defaultExecutor(remote).open()) {
            DispatchResult<Integer> result = finish(valence.dispatch(fan().workflow(3)));
            assertEquals(
                    DispatchStatus.COMPLETED, result.status(), result.error().orElse(""));
            assertEquals(local, result.value());
            assertEquals(3 * 120 + 3 * 3 * 16, local, "sum over i of (3 + i) * 3");
            assertEquals(47, remote.submitted.size(), "every electron node went to the worker, once");
            assertEquals(31, runsOf("add"));
            assertEquals(16, runsOf("times"));
            for (NodeResult node : result.electronNodes()) {
                assertEquals(NodeStatus.COMPLETED, node.status());
                assertTrue(
                        node.reason().orElseThrow().endsWith("(on worker w1)"),
                        node.reason().orElseThrow());
                assertTrue(node.valueFingerprint().isPresent());
                assertEquals(1, node.attempts());
                assertTrue(node.stdout().startsWith("computing "), node.stdout());
                assertTrue(node.startTime().isPresent() && node.endTime().isPresent());
            }
            // A value the worker stored is read back by the coordinator as any other.
            assertEquals(local, valence.result(result.id()).orElseThrow().value());
        }
    }

    @Test
    void resultsAreReusedAcrossLocalAndRemoteRuns() {
        Path store = work.resolve("store");
        try (SerializingRemoteExecutor remote = executor(store, add, times);
                Valence valence =
                        Valence.builder().folder(store).defaultExecutor(remote).open()) {
            finish(valence.dispatch(fan().workflow(2)));
            assertEquals(47, remote.submitted.size());
        }
        runs.clear();
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Integer> again = finish(valence.dispatch(fan().workflow(2)));
            assertEquals(0, runsOf("add") + runsOf("times"), "the remote values were indexed for reuse");
            assertTrue(again.electronNodes().stream().allMatch(NodeResult::wasReused));
            // Computed here, to be reused remotely below.
            finish(valence.dispatch(fan().workflow(5)));
        }
        try (SerializingRemoteExecutor remote = executor(store, add, times);
                Valence valence =
                        Valence.builder().folder(store).defaultExecutor(remote).open()) {
            DispatchResult<Integer> reused = finish(valence.dispatch(fan().workflow(5)));
            assertEquals(List.of(), remote.submitted, "nothing went to the worker");
            assertTrue(reused.electronNodes().stream().allMatch(NodeResult::wasReused));
        }
    }

    @Test
    void aMixOfLocalAndRemoteNodesPassesValuesBothWays() {
        ElectronRef<Integer> local = Fixtures.<Integer>electron("localDouble")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> 2 * (Integer) args[0]);
        ElectronRef<Integer> remoteAdd = Fixtures.<Integer>electron("remoteAdd")
                .parameter("a", INT)
                .parameter("b", INT)
                .returns(INT)
                .executor("cluster")
                .build(args -> (Integer) args[0] + (Integer) args[1]);
        LatticeRef<Integer> lattice = Fixtures.lattice(
                "mixed",
                INT,
                (graph, in) -> {
                    Handle<Integer> doubled = graph.call(local, in.get(0));
                    Handle<Integer> sum = graph.call(remoteAdd, doubled, in.get(0));
                    return graph.call(local, sum);
                },
                INT);
        Path store = work.resolve("store");
        try (SerializingRemoteExecutor remote = executor(store, remoteAdd);
                Valence valence = Valence.builder()
                        .folder(store)
                        .checkpoint(dev.valence.runtime.CheckpointMode.END_OF_DISPATCH)
                        .executor("cluster", remote)
                        .open()) {
            DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(7)));
            assertEquals(
                    DispatchStatus.COMPLETED, result.status(), result.error().orElse(""));
            assertEquals(2 * (14 + 7), result.value());
            assertEquals(1, remote.submitted.size());
        }
    }

    @Test
    void anElectronsFailureAndRetriesAreReportedFromTheWorker() {
        ElectronRef<Integer> flakyTwice = Fixtures.<Integer>electron("flakyTwice")
                .parameter("x", INT)
                .returns(INT)
                .retries(2)
                .build(args -> {
                    if (flaky.incrementAndGet() < 3) {
                        throw new IllegalStateException("not yet " + flaky.get());
                    }
                    return (Integer) args[0] + 100;
                });
        ElectronRef<Integer> broken = Fixtures.<Integer>electron("broken")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    System.err.println("about to fail");
                    throw new IllegalArgumentException("boom " + args[0]);
                });
        LatticeRef<Integer> lattice = Fixtures.lattice(
                "failing",
                INT,
                (graph, in) -> {
                    graph.call(flakyTwice, in.get(0));
                    return graph.call(broken, in.get(0));
                },
                INT);
        Path store = work.resolve("store");
        String id;
        try (SerializingRemoteExecutor remote = executor(store, flakyTwice, broken);
                Valence valence =
                        Valence.builder().folder(store).defaultExecutor(remote).open()) {
            DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(1)));
            id = result.id();
            assertEquals(DispatchStatus.FAILED, result.status());
            NodeResult retried = result.node("flakyTwice");
            assertEquals(NodeStatus.COMPLETED, retried.status());
            assertEquals(3, retried.attempts());
            assertEquals(101, retried.value());
            NodeResult failed = result.node("broken");
            assertEquals(NodeStatus.FAILED, failed.status());
            String error = failed.error().orElseThrow();
            assertTrue(error.startsWith("java.lang.IllegalArgumentException: boom 1"), error);
            assertTrue(error.contains("\tat "), "the worker's stack trace: " + error);
            assertTrue(
                    failed.reason()
                            .orElseThrow()
                            .startsWith("failed: the electron threw java.lang.IllegalArgumentException: boom 1"),
                    failed.reason().orElseThrow());
            assertEquals("about to fail\n", failed.stderr());
            assertTrue(
                    result.error().orElseThrow().contains("boom 1"),
                    result.error().orElseThrow());
        }
        // The electron's own failure is recorded as one: it can be replayed without running.
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Integer> replayed = finish(valence.dispatch(lattice.workflow(1), Reuse.ALL.withFailures()));
            assertEquals(NodeStatus.FAILED, replayed.node("broken").status());
            assertTrue(replayed.node("broken").reason().orElseThrow().contains(id), "reused the failure of " + id);
        }
    }

    @Test
    void aWorkerWhoseCodeDiffersRefusesTheTaskNamingBothFingerprintsAndTheClass() {
        ElectronRef<Integer> otherCode = Fixtures.<Integer>electron("add")
                .parameter("a", INT)
                .parameter("b", INT)
                .returns(INT)
                .codeFingerprint("code-changed-on-the-worker")
                .build(args -> {
                    runs.computeIfAbsent("other", n -> new AtomicInteger()).incrementAndGet();
                    return 0;
                });
        LatticeRef<Integer> lattice =
                Fixtures.lattice("one", INT, (graph, in) -> graph.call(add, in.get(0), in.get(0)), INT);
        Path store = work.resolve("store");
        try (SerializingRemoteExecutor remote = executor(store, otherCode);
                Valence valence =
                        Valence.builder().folder(store).defaultExecutor(remote).open()) {
            DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(4)));
            assertEquals(DispatchStatus.FAILED, result.status());
            String reason = result.node("add").reason().orElseThrow();
            assertTrue(reason.contains("code fingerprint code-changed-on-the-worker on this worker"), reason);
            assertTrue(reason.contains("but code-of-add on the coordinator"), reason);
            assertTrue(reason.contains("of class dev.valence.runtime.api.Hand"), reason);
            assertTrue(reason.contains("start the worker with the coordinator's jars"), reason);
            assertEquals(0, runsOf("other") + runsOf("add"), "no code ran");
        }
        // A refusal is no failure of the electron: it is never replayed as one.
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Integer> local = finish(valence.dispatch(lattice.workflow(4), Reuse.ALL.withFailures()));
            assertEquals(8, local.value());
        }
    }

    @Test
    void aWorkerMissingTheElectronOrAnArgumentFailsTheNodeWithTheCause() {
        LatticeRef<Integer> lattice =
                Fixtures.lattice("one", INT, (graph, in) -> graph.call(add, in.get(0), in.get(0)), INT);
        Path store = work.resolve("store");
        try (SerializingRemoteExecutor remote = executor(store);
                Valence valence =
                        Valence.builder().folder(store).defaultExecutor(remote).open()) {
            DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(4)));
            assertEquals(NodeStatus.FAILED, result.node("add").status());
            String reason = result.node("add").reason().orElseThrow();
            assertTrue(reason.contains("was built by hand, not by the annotation processor"), reason);
        }
        ValenceWorker worker = ValenceWorker.builder()
                .store(Stores.open(work.resolve("other").toString()))
                .electron(add)
                .open();
        try (worker) {
            TaskResult answer = worker.run(new RemoteTask(
                    "d/1",
                    "d",
                    1,
                    "add",
                    add.id(),
                    "",
                    add.codeFingerprint(),
                    List.of("missing", "missing"),
                    List.of(INT, INT),
                    INT,
                    null));
            assertEquals(TaskResult.Outcome.FAILED, answer.outcome());
            assertTrue(
                    answer.errorMessage().contains("the value missing is missing from the store"), answer.errorLine());
            assertEquals(0, answer.attempts());
        }
    }

    @Test
    void cancelReachesTheWorkerAndALateAnswerIsIgnored() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        ElectronRef<Integer> slow = Fixtures.<Integer>electron("slow")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    started.countDown();
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                    }
                    // A late value, as from an electron that outlives its cancel.
                    return 99;
                });
        LatticeRef<Integer> lattice = Fixtures.lattice("slowOne", INT, (graph, in) -> graph.call(slow, in.get(0)), INT);
        Path store = work.resolve("store");
        try (SerializingRemoteExecutor remote = executor(store, slow);
                Valence valence =
                        Valence.builder().folder(store).defaultExecutor(remote).open()) {
            Dispatch<Integer> dispatch = valence.dispatch(lattice.workflow(1));
            Fixtures.await(started);
            dispatch.cancel();
            DispatchResult<Integer> result = finish(dispatch, PROMPTLY);
            assertEquals(DispatchStatus.CANCELLED, result.status());
            assertEquals(List.of(dispatch.id() + "/1"), remote.cancelled);
            long deadline = System.nanoTime() + PROMPTLY.toNanos();
            while (!interrupted.get() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(interrupted.get(), "the worker interrupted the electron");
            Thread.sleep(200);
            NodeResult node = valence.result(dispatch.id()).orElseThrow().node("slow");
            assertEquals(NodeStatus.CANCELLED, node.status());
            assertTrue(node.valueFingerprint().isEmpty(), "the late answer was not recorded");
        }
    }

    @Test
    void aTransportThatLosesTheTaskFailsTheNodeWithoutRecordingAFailureOfTheElectron() {
        RemoteExecutor lost = new RemoteExecutor() {
            @Override
            public CompletableFuture<TaskResult> submit(RemoteTask task) {
                return CompletableFuture.failedFuture(new IllegalStateException("every worker left"));
            }

            @Override
            public void cancel(RemoteTask task) {}
        };
        LatticeRef<Integer> lattice =
                Fixtures.lattice("one", INT, (graph, in) -> graph.call(add, in.get(0), in.get(0)), INT);
        Path store = work.resolve("store");
        try (Valence valence =
                Valence.builder().folder(store).defaultExecutor(lost).open()) {
            DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(4)));
            assertEquals(DispatchStatus.FAILED, result.status());
            String reason = result.node("add").reason().orElseThrow();
            assertTrue(reason.contains("got no answer for node add"), reason);
            assertTrue(reason.contains("every worker left"), reason);
        }
        try (Valence valence = Valence.open(store)) {
            assertEquals(
                    8,
                    finish(valence.dispatch(lattice.workflow(4), Reuse.ALL.withFailures()))
                            .value());
        }
    }

    @Test
    void registrationRefusesAnEmptyRemoteNameAndPointsAtTheDefault() {
        RemoteExecutor none = new RemoteExecutor() {
            @Override
            public CompletableFuture<TaskResult> submit(RemoteTask task) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void cancel(RemoteTask task) {}
        };
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> Valence.builder().executor("", none));
        assertTrue(refused.getMessage().contains("defaultExecutor"), refused.getMessage());
        IllegalStateException noStore = assertThrows(
                IllegalStateException.class, () -> ValenceWorker.builder().open());
        assertFalse(noStore.getMessage().isEmpty());
    }
}
