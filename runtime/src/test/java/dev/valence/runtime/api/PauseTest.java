package dev.valence.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process paused (SIGSTOP) while it computes, in real child JVMs: a pause longer than presence
 * but shorter than the lease keeps single flight; a pause longer than the lease lets another
 * process take the key over, and fencing keeps the woken process from replacing its result.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class PauseTest {
    @TempDir
    Path work;

    @Test
    void aProcessPausedLongerThanItsPresenceButNotItsLeaseIsWaitedFor() throws Exception {
        Path store = work.resolve("store");
        Path log = work.resolve("runs.log");
        Process first = child(store, log, 30_000, 3_000);
        Process second = null;
        try {
            waitUntil(() -> runs(log) == 1);
            // More than a beat: the first process has published its lease (see Leases).
            Thread.sleep(800);
            signal("STOP", first);
            // Longer than presence expiry (five 200 ms beats): the paused process looks gone.
            Thread.sleep(1_500);
            second = child(store, log, 30_000, 3_000);
            Thread.sleep(3_000);
            assertEquals(1, runs(log), "the second process waits on the paused holder's lease");
            assertTrue(second.isAlive(), "the second process is still waiting");
            signal("CONT", first);

            String firstOutput = output(first);
            String secondOutput = output(second);
            assertEquals(0, first.exitValue(), firstOutput);
            assertEquals(0, second.exitValue(), secondOutput);
            assertTrue(firstOutput.contains("STATUS COMPLETED VALUE 49"), firstOutput);
            assertTrue(secondOutput.contains("STATUS COMPLETED VALUE 49"), secondOutput);
            assertEquals(1, runs(log), "square ran once");
        } finally {
            cleanUp(first);
            cleanUp(second);
        }
    }

    @Test
    void aHolderThatWakesAfterBeingTakenOverLeavesTheIndexToTheNewHolder() throws Exception {
        Path store = work.resolve("store");
        Path log = work.resolve("runs.log");
        Process first = child(store, log, 500, 3_000);
        Process second = null;
        try {
            waitUntil(() -> runs(log) == 1);
            Thread.sleep(800);
            signal("STOP", first);
            // Longer than the lease: the next process takes the key over.
            Thread.sleep(2_000);
            second = child(store, log, 500, 0);
            String secondOutput = output(second);
            assertEquals(0, second.exitValue(), secondOutput);
            assertTrue(secondOutput.contains("STATUS COMPLETED VALUE 49"), secondOutput);
            assertEquals(2, runs(log), "the second process took the expired lease over");
            signal("CONT", first);
            String firstOutput = output(first);
            assertEquals(0, first.exitValue(), firstOutput);
            assertTrue(firstOutput.contains("STATUS COMPLETED VALUE 49"), firstOutput);

            try (Valence valence = Valence.open(store)) {
                DispatchResult<Integer> again = Fixtures.finish(
                        valence.dispatch(PausedChild.squareOf(log, 0).workflow(7)));
                assertEquals(49, again.value());
                assertEquals(NodeStatus.REUSED, again.node("square").status());
                assertEquals(
                        dispatchId(secondOutput),
                        again.node("square").reusedFrom().orElseThrow(),
                        "the index still points at the result of the process that took over");
                DispatchResult<?> late = valence.result(dispatchId(firstOutput)).orElseThrow();
                assertEquals(NodeStatus.COMPLETED, late.node("square").status(), "the late result is kept");
            }
            assertEquals(2, runs(log));
        } finally {
            cleanUp(first);
            cleanUp(second);
        }
    }

    private static Process child(Path store, Path log, long leaseMillis, long sleepMillis) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // As in CrossProcessTest: the native library is extracted inside the test's folder.
        Path nativeLibrary = Files.createDirectories(log.resolveSibling("sqlite-native"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(
                        java,
                        "-Dorg.sqlite.tmpdir=" + nativeLibrary,
                        "-cp",
                        classpath,
                        PausedChild.class.getName(),
                        store.toString(),
                        log.toString(),
                        Long.toString(leaseMillis),
                        Long.toString(sleepMillis))
                .redirectErrorStream(true)
                .start();
    }

    private static void signal(String name, Process process) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill -" + name + " did not end");
        assertEquals(0, kill.exitValue(), "kill -" + name);
    }

    private static void cleanUp(Process process) throws Exception {
        if (process != null && process.isAlive()) {
            // A stopped process must be continued for SIGKILL to be reaped promptly everywhere.
            process.destroyForcibly();
            new ProcessBuilder("kill", "-CONT", Long.toString(process.pid()))
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String dispatchId(String output) {
        int at = output.indexOf("DISPATCH ");
        assertTrue(at >= 0, output);
        return output.substring(at + "DISPATCH ".length()).split(" ", 2)[0];
    }

    private static String output(Process child) throws Exception {
        // Read on another thread: the wait is bounded even if the child never ends.
        var bytes = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return child.getInputStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not end");
        return new String(bytes.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
    }

    private static long runs(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return lines.stream().filter("square"::equals).count();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within " + Fixtures.PATIENCE);
            Thread.sleep(10);
        }
    }
}
