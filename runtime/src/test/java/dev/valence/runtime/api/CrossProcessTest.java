package dev.valence.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.DispatchSummary;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single flight across real child JVMs sharing one store. */
class CrossProcessTest {
    @TempDir
    Path work;

    @Test
    void twoJvmsDispatchingTheSameGraphOnOneStoreRunEachElectronOnce() throws Exception {
        Path store = work.resolve("store");
        Path log = work.resolve("runs.log");
        Path start = work.resolve("start");
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(child(store, log, start, work.resolve("ready" + i), false));
        }
        waitFor(work.resolve("ready0"));
        waitFor(work.resolve("ready1"));
        Files.createFile(start);

        for (Process child : children) {
            String output = output(child);
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("STATUS COMPLETED VALUE 5"), output);
        }
        assertEquals(Map.of("step1", 1L, "step2", 1L, "step3", 1L, "step4", 1L), runsIn(log));
    }

    @Test
    void aNodeWhoseComputingProcessDiedIsTakenOverAfterItsLeaseLapses() throws Exception {
        Path store = work.resolve("store");
        Path log = work.resolve("runs.log");
        Path start = work.resolve("start");
        Files.createFile(start);
        Process holder = child(store, log, start, work.resolve("ready"), true);
        try {
            waitUntil(() -> runsIn(log).getOrDefault("step1", 0L) == 1L);
            try (Valence valence = Valence.builder()
                    .folder(store)
                    .leasePeriod(ChildDispatcher.LEASE_PERIOD)
                    .open()) {
                Dispatch<Integer> dispatch =
                        valence.dispatch(ChildDispatcher.chain(log).workflow(1));
                // The holder is alive and renews its lease: this process waits instead of running step1.
                assertTrue(dispatch.await(Duration.ofMillis(1500)).isEmpty());
                assertEquals(1L, runsIn(log).get("step1"));

                holder.destroyForcibly();
                assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
                DispatchResult<Integer> result = Fixtures.finish(dispatch);
                assertEquals(5, result.value());
                assertEquals(NodeStatus.COMPLETED, result.node("step1").status());
                assertEquals(2L, runsIn(log).get("step1"), "this process took the dead holder's node over");
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aDispatchWhoseProcessDiedIsListedAsInterruptedAndResumes() throws Exception {
        Path store = work.resolve("store");
        Path log = work.resolve("runs.log");
        Path start = work.resolve("start");
        Files.createFile(start);
        Process holder = child(store, log, start, work.resolve("ready"), true);
        try {
            waitUntil(() -> runsIn(log).getOrDefault("step1", 0L) == 1L);
            try (Valence valence = Valence.open(store)) {
                DispatchSummary running = valence.dispatches().get(0);
                assertEquals(DispatchStatus.RUNNING, running.status(), "its process is alive");
                Thread.sleep(1500);
                assertEquals(
                        DispatchStatus.RUNNING,
                        valence.dispatches().get(0).status(),
                        "a live process keeps announcing itself, however long its node takes");

                holder.destroyForcibly();
                assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
                waitUntil(() -> valence.dispatches().get(0).status() == DispatchStatus.INTERRUPTED);
                assertEquals(
                        DispatchStatus.INTERRUPTED,
                        valence.result(running.id()).orElseThrow().status());

                DispatchResult<Integer> resumed = Fixtures.finish(valence.redispatch(running.id())
                        .withInputs(ChildDispatcher.chain(log).workflow(1))
                        .start());
                assertEquals(5, resumed.value());
                assertEquals(
                        DispatchStatus.INTERRUPTED, valence.dispatches().get(0).status(), "the record stays");
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    private static Process child(Path store, Path log, Path start, Path ready, boolean hold) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // sqlite-jdbc extracts its native library per process and deletes it only on a normal exit:
        // extract it inside the test's folder, so a killed child leaves nothing behind.
        Path nativeLibrary = Files.createDirectories(log.resolveSibling("sqlite-native"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(
                        java,
                        "-Dvalence.test.hold=" + hold,
                        "-Dorg.sqlite.tmpdir=" + nativeLibrary,
                        "-cp",
                        classpath,
                        ChildDispatcher.class.getName(),
                        store.toString(),
                        log.toString(),
                        start.toString(),
                        ready.toString())
                .redirectErrorStream(true)
                .start();
    }

    private static String output(Process child) throws Exception {
        byte[] bytes = child.getInputStream().readAllBytes();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not end");
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Map<String, Long> runsIn(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : Collections.emptyList();
            return lines.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void waitFor(Path file) throws InterruptedException {
        waitUntil(() -> Files.exists(file));
    }

    /** Polls a condition of another process, failing after {@link Fixtures#PATIENCE}. */
    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within " + Fixtures.PATIENCE);
            Thread.sleep(10);
        }
    }
}
