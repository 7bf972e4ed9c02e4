package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.PATIENCE;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.command.Command;
import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Cancel stops work: running electrons are interrupted, commands killed with their children, from here or elsewhere. */
class CancelTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @TempDir
    Path work;

    private final CountDownLatch running = new CountDownLatch(1);

    private LatticeRef<Integer> blockingThenNext(ElectronRef<Integer> blocking) {
        ElectronRef<Integer> next = Fixtures.<Integer>electron("next")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> (Integer) args[0] + 1);
        return Fixtures.lattice("blocking", INT, (graph, in) -> graph.call(next, graph.call(blocking, in.get(0))), INT);
    }

    private ElectronRef<Integer> sleeper() {
        return Fixtures.<Integer>electron("sleeper")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    running.countDown();
                    Thread.sleep(PATIENCE.toMillis());
                    return (Integer) args[0];
                });
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void cancelKillsARunningCommandWithItsChildrenAndEndsTheDispatchAtOnce() throws Exception {
        Path pids = work.resolve("pids");
        ElectronRef<CommandResult> longCommand = Fixtures.<CommandResult>electron("longCommand")
                .parameter("x", INT)
                .returns(CommandResult.class.getName())
                .build(args -> Command.of(
                                "sh", "-c", "echo $$ > " + pids + "; sleep 30 & echo $! >> " + pids + "; wait")
                        .run());
        LatticeRef<CommandResult> lattice = Fixtures.lattice(
                "command", CommandResult.class.getName(), (graph, in) -> graph.call(longCommand, in.get(0)), INT);
        try (Valence valence = Valence.open(work.resolve("store"))) {
            Dispatch<CommandResult> dispatch = valence.dispatch(lattice.workflow(1));
            List<Long> processes = waitForPids(pids);
            long cancelled = System.nanoTime();
            dispatch.cancel();
            DispatchResult<CommandResult> result = finish(dispatch, PROMPTLY);
            Duration took = Duration.ofNanos(System.nanoTime() - cancelled);
            assertEquals(DispatchStatus.CANCELLED, result.status());
            assertEquals(NodeStatus.CANCELLED, result.node("longCommand").status());
            assertTrue(took.compareTo(PROMPTLY) < 0, "ended " + took + " after cancel()");
            for (long pid : processes) {
                assertFalse(waitUntilGone(pid), "process " + pid + " of the command still runs after the cancel");
            }
        }
    }

    @Test
    void anElectronThatIgnoresInterruptsIsAbandonedAndItsLateResultDiscarded() throws Exception {
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch returned = new CountDownLatch(1);
        ElectronRef<Integer> stubborn = Fixtures.<Integer>electron("stubborn")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    running.countDown();
                    while (!release.get()) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException ignored) {
                            // Deliberately deaf to the cancel.
                        }
                    }
                    returned.countDown();
                    return 42;
                });
        Path store = work.resolve("store");
        String id;
        try (Valence valence = Valence.open(store)) {
            Dispatch<Integer> dispatch =
                    valence.dispatch(blockingThenNext(stubborn).workflow(1));
            Fixtures.await(running);
            dispatch.cancel();
            DispatchResult<Integer> result = finish(dispatch, PROMPTLY);
            assertEquals(DispatchStatus.CANCELLED, result.status());
            id = dispatch.id();
            release.set(true);
            Fixtures.await(returned);
            Thread.sleep(200);
            DispatchResult<Object> later = valence.result(id).orElseThrow();
            assertEquals(NodeStatus.CANCELLED, later.node("stubborn").status());
            assertTrue(later.node("stubborn").valueFingerprint().isEmpty(), "the late result was not recorded");
        }
        try (Valence valence = Valence.open(store)) {
            assertEquals(
                    NodeStatus.CANCELLED,
                    valence.result(id).orElseThrow().node("stubborn").status());
        }
    }

    @Test
    void anotherProcessCancelsARunningDispatchByIdThroughTheStore() throws Exception {
        Path store = work.resolve("store");
        try (Valence valence = Valence.open(store)) {
            Dispatch<Integer> dispatch =
                    valence.dispatch(blockingThenNext(sleeper()).workflow(1));
            Fixtures.await(running);
            String output = StoreClient.run(work, "cancel", store.toString(), dispatch.id());
            assertEquals("CANCEL true", output.strip());
            long asked = System.nanoTime();
            DispatchResult<Integer> result = finish(dispatch, PROMPTLY);
            assertEquals(DispatchStatus.CANCELLED, result.status());
            assertEquals(NodeStatus.CANCELLED, result.node("sleeper").status());
            assertTrue(Duration.ofNanos(System.nanoTime() - asked).compareTo(PROMPTLY) < 0);
            assertEquals(
                    "CANCEL false",
                    StoreClient.run(work, "cancel", store.toString(), dispatch.id())
                            .strip());
        }
    }

    @Test
    void cancelByIdSaysWhetherTheDispatchWasRunningAndNamesAnUnknownOne() {
        try (Valence valence = Valence.open(work.resolve("store"))) {
            Dispatch<Integer> dispatch =
                    valence.dispatch(blockingThenNext(sleeper()).workflow(1));
            Fixtures.await(running);
            assertTrue(valence.cancel(dispatch.id()));
            assertEquals(DispatchStatus.CANCELLED, finish(dispatch, PROMPTLY).status());
            assertFalse(valence.cancel(dispatch.id()), "it had ended");
            ValenceException unknown = assertThrows(ValenceException.class, () -> valence.cancel("no-such-id"));
            assertTrue(unknown.getMessage().contains("no-such-id"), unknown.getMessage());
            assertTrue(unknown.getMessage().contains("Valence.dispatches()"), unknown.getMessage());
        }
    }

    @Test
    void closeEndsRunningDispatchesCancelledNeverRunningOrInterrupted() {
        Path store = work.resolve("store");
        String id;
        long closing;
        try (Valence valence = Valence.open(store)) {
            id = valence.dispatch(blockingThenNext(sleeper()).workflow(1)).id();
            Fixtures.await(running);
            closing = System.nanoTime();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - closing);
        assertTrue(took.compareTo(PROMPTLY) < 0, "close() took " + took);
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Object> result = valence.result(id).orElseThrow();
            assertEquals(DispatchStatus.CANCELLED, result.status());
            assertEquals(NodeStatus.CANCELLED, result.node("sleeper").status());
            assertEquals(NodeStatus.CANCELLED, result.node("next").status());
        }
    }

    private static List<Long> waitForPids(Path file) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                List<String> lines = Files.readAllLines(file);
                if (lines.size() == 2) {
                    return lines.stream()
                            .map(String::strip)
                            .map(Long::parseLong)
                            .toList();
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the command never wrote its pids");
    }

    /** @return whether the process still runs a second after the dispatch ended */
    private static boolean waitUntilGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid)) {
                Thread.sleep(10);
            } else {
                return false;
            }
        }
        return true;
    }

    /**
     * A killed grandchild stays a zombie until the system's init process reaps it, which some
     * container inits do late: it runs no more, which is what the test asks.
     */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
