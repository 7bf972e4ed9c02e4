package dev.valence.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.DispatchSummary;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.api.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real child JVMs sharing one PostgreSQL store: overlapping graphs run each shared node once, and a
 * coordinator killed with SIGKILL leaves its dispatch INTERRUPTED for another process to redispatch,
 * reusing every stored result. Executions are counted by files the electrons create.
 */
class ProcessesTest {
    @TempDir
    Path work;

    private TestDatabase database;
    private Path runs;
    private final List<Process> children = new ArrayList<>();

    @BeforeEach
    void prepare() throws IOException {
        database = TestDatabase.fresh();
        runs = Files.createDirectories(work.resolve("runs"));
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        database.drop();
    }

    @Test
    void twoProcessesDispatchingOverlappingGraphsRunEachSharedNodeOnce() throws Exception {
        // Created before the children start, so that both find the schema made.
        database.open(work.resolve("setup")).close();
        Path start = work.resolve("start");
        for (String tag : List.of("A", "B")) {
            children.add(child(tag, start, false));
        }
        waitUntil(() -> Files.exists(work.resolve("ready-A")) && Files.exists(work.resolve("ready-B")));
        Files.createFile(start);
        for (Process child : children) {
            String output = output(child);
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("STATUS COMPLETED VALUE"), output);
        }
        assertEquals(Map.of("hold", 2L, "slow", 1L, "tag", 2L, "twice", 1L), runs());
    }

    @Test
    void aKilledCoordinatorsDispatchIsInterruptedAndARedispatchReusesEveryStoredResult() throws Exception {
        database.open(work.resolve("setup")).close();
        Path start = work.resolve("start");
        Files.createFile(start);
        Process holder = child("A", start, true);
        children.add(holder);
        waitUntil(() -> {
            assertTrue(holder.isAlive(), () -> "the child died: " + log("A"));
            return runs().getOrDefault("hold", 0L) == 1L;
        });
        try (Valence valence = Valence.builder()
                .store(database.open(work.resolve("survivor")))
                .leasePeriod(SharingChild.LEASE_PERIOD)
                .open()) {
            DispatchSummary running = valence.dispatches().get(0);
            assertEquals(DispatchStatus.RUNNING, running.status(), "its process is alive");

            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            waitUntil(() -> valence.dispatches().get(0).status() == DispatchStatus.INTERRUPTED);
            assertEquals(
                    DispatchStatus.INTERRUPTED,
                    valence.result(running.id()).orElseThrow().status());

            DispatchResult<String> resumed = Fixtures.finish(valence.redispatch(running.id())
                    .withInputs(SharingChild.lattice(runs).workflow(5, "A"))
                    .start());
            assertEquals("A=12", resumed.value());
            assertEquals(NodeStatus.REUSED, resumed.node("slow").status());
            assertEquals(NodeStatus.REUSED, resumed.node("twice").status());
            assertEquals(
                    Map.of("hold", 2L, "slow", 1L, "tag", 1L, "twice", 1L),
                    runs(),
                    "only the node that was running when the process died ran again");
            assertEquals(
                    DispatchStatus.INTERRUPTED,
                    valence.result(running.id()).orElseThrow().status());
        }
    }

    private Process child(String tag, Path start, boolean hold) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(
                        java,
                        "-Dvalence.test.hold=" + hold,
                        "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp-" + tag)),
                        "-cp",
                        classpath,
                        SharingChild.class.getName(),
                        database.url(),
                        database.schema(),
                        runs.toString(),
                        work.resolve("ready-" + tag).toString(),
                        start.toString(),
                        tag)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("child-" + tag + ".log").toFile())
                .start();
    }

    private String output(Process child) throws Exception {
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child did not end");
        StringBuilder all = new StringBuilder();
        try (Stream<Path> logs = Files.list(work)) {
            for (Path log : logs.filter(path -> path.getFileName().toString().startsWith("child-"))
                    .sorted()
                    .toList()) {
                all.append(log.getFileName()).append(":\n").append(Files.readString(log, StandardCharsets.UTF_8));
            }
        }
        return all.toString();
    }

    private String log(String tag) {
        try {
            return Files.readString(work.resolve("child-" + tag + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Executions per electron, from the files they created. */
    private Map<String, Long> runs() {
        Map<String, Long> counts = new TreeMap<>();
        try (Stream<Path> files = Files.list(runs)) {
            files.forEach(file -> {
                String name = file.getFileName().toString();
                counts.merge(name.substring(0, name.indexOf('-')), 1L, Long::sum);
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return counts;
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met within 60 s");
            Thread.sleep(20);
        }
    }
}
