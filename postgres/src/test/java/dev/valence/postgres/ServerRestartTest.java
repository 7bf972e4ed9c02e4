package dev.valence.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.api.Fixtures;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.spi.store.NodeRecord;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL restarted in the middle of a dispatch: the dispatch completes (the store retries on
 * fresh connections) or fails with a clear error, and nothing it recorded is lost. Needs the means
 * to restart the server: the shell command in {@value #RESTART}, or {@code pg_ctlcluster 15 main
 * restart} when this runs as root beside that cluster; skipped with a message otherwise.
 */
class ServerRestartTest {
    /** The environment variable with the shell command that restarts the test server. */
    static final String RESTART = "VALENCE_TEST_POSTGRES_RESTART";

    private static final int CHAIN = 60;

    @TempDir
    Path work;

    private TestDatabase database;

    @AfterEach
    void drop() {
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void aRestartMidDispatchCompletesOrFailsClearlyAndLosesNothingRecorded() throws Exception {
        String restart = restartCommand();
        database = TestDatabase.fresh();
        AtomicInteger ran = new AtomicInteger();
        DispatchResult<Integer> result;
        try (Valence valence =
                Valence.builder().store(database.open(work.resolve("cache"))).open()) {
            Dispatch<Integer> dispatch = valence.dispatch(chain(ran).workflow(0));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (ran.get() < CHAIN / 3) {
                assertTrue(System.nanoTime() < deadline, "the chain did not get going");
                Thread.sleep(10);
            }
            int before = ran.get();
            Process restarting = new ProcessBuilder("sh", "-c", restart)
                    .redirectErrorStream(true)
                    .start();
            String output = new String(restarting.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(restarting.waitFor(60, TimeUnit.SECONDS), "the restart did not end");
            assertEquals(0, restarting.exitValue(), "the restart failed: " + output);
            int after = ran.get();
            assertTrue(after < CHAIN, "the restart came after the dispatch had run: make the chain longer");
            result = Fixtures.finish(dispatch, Duration.ofSeconds(120));
            // Which of the two allowed ends it was, for whoever reads the test's output.
            System.out.println("PostgreSQL restarted between nodes " + before + " and " + after + " of " + CHAIN
                    + ": the dispatch "
                    + result.status()
                    + result.error().map(error -> " (" + error + ")").orElse(""));
            if (result.status() == DispatchStatus.COMPLETED) {
                assertEquals(CHAIN, result.value());
            } else {
                String error = result.error().orElse("");
                assertEquals(DispatchStatus.FAILED, result.status());
                assertTrue(error.contains("PostgreSQL") || error.contains("server"), "a clear error: " + error);
            }
        }
        try (PostgresStore reader = database.open(work.resolve("reader"))) {
            assertNotEquals(
                    DispatchStatus.RUNNING,
                    reader.dispatchLog().dispatch(result.id()).orElseThrow().status());
            List<NodeRecord> nodes = reader.dispatchLog().nodes(result.id());
            long completed = nodes.stream()
                    .filter(node -> node.status() == dev.valence.runtime.NodeStatus.COMPLETED
                            && node.kind() == dev.valence.runtime.NodeKind.ELECTRON)
                    .count();
            for (NodeRecord node : nodes) {
                if (node.valueFingerprint() != null) {
                    assertEquals(
                            Optional.empty(),
                            reader.values().whyUnusable(node.valueFingerprint()),
                            "node " + node.name() + " lost its value");
                }
            }
            if (result.status() == DispatchStatus.COMPLETED) {
                assertEquals(CHAIN, completed, "every node of a completed dispatch is recorded");
            }
        }
    }

    /** The restart command, or a skip naming how to give one. */
    private static String restartCommand() {
        TestDatabase.serverUrl();
        String given = System.getenv(RESTART);
        if (given != null && !given.isBlank()) {
            return given;
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean cluster = onPath("pg_ctlcluster") && Files.isDirectory(Path.of("/etc/postgresql/15/main"));
        assumeTrue(
                root && cluster,
                "cannot restart the test server: set " + RESTART
                        + " to a shell command that restarts it (or run as root beside the cluster 15/main)");
        return "pg_ctlcluster 15 main restart";
    }

    private static boolean onPath(String program) {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(folder, program))) {
                return true;
            }
        }
        return false;
    }

    /** step(step(...step(0)...)), CHAIN long, each step 100 ms: long enough to restart the server inside. */
    private static LatticeRef<Integer> chain(AtomicInteger ran) {
        ElectronRef<Integer> step = ElectronRef.<Integer>builder("dev.valence.postgres.Restart#step")
                .parameter("x", "java.lang.Integer")
                .returns("java.lang.Integer")
                .build(args -> {
                    ran.incrementAndGet();
                    Thread.sleep(100);
                    return (Integer) args[0] + 1;
                });
        return Fixtures.lattice(
                "restartChain",
                "java.lang.Integer",
                (graph, in) -> {
                    Handle<Integer> value = graph.call(step, in.get(0));
                    for (int i = 1; i < CHAIN; i++) {
                        value = graph.call(step, value);
                    }
                    return value;
                },
                "java.lang.Integer");
    }
}
