package dev.valence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.valence.examples.ArithmeticLattices;
import dev.valence.hazelcast.HazelcastExecutor;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.Valence;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code valence worker} from the shaded jar in a child JVM, loading the examples' generated
 * lattice from {@code --classpath}, with this JVM as the coordinator (a {@link HazelcastExecutor})
 * on the embedded store both share; and its refusals of bad input.
 */
class WorkerIT {
    @TempDir
    Path work;

    /** The store exists before the worker starts: a real dispatch made it, as a program would. */
    @BeforeEach
    void dispatch() {
        try (Valence valence = Valence.open(store())) {
            assertEquals(
                    DispatchStatus.COMPLETED,
                    valence.dispatch(ArithmeticLattices.workflow(1, 2)).await().status());
        }
    }

    private Path store() {
        return work.resolve("store");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits for the worker's line, failing at once if the worker ended instead. */
    private static void awaitJoined(Cli.Running worker, String line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Cli.PATIENCE_SECONDS);
        while (!worker.outSoFar().contains(line)) {
            if (!worker.process().isAlive()) {
                fail("the worker ended before joining: " + worker.await());
            }
            if (System.nanoTime() > deadline) {
                fail("the worker did not join within " + Cli.PATIENCE_SECONDS + " s: " + worker.outSoFar());
            }
            Thread.sleep(100);
        }
    }

    @Test
    void aWorkerFromTheJarRunsTheElectronsOfACoordinatorAndStopsOnSigterm() throws Exception {
        int port = freePort();
        String cluster = "valence-it-" + UUID.randomUUID();
        Cli.Running worker = Cli.start(
                work,
                "worker",
                "--store",
                store().toString(),
                "--classpath",
                Cli.classpathOf(ArithmeticLattices.class),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--cluster",
                cluster,
                "--id",
                "cli-w1",
                "--threads",
                "2");
        try {
            awaitJoined(worker, "valence worker cli-w1 joined cluster " + cluster + " on port " + port);
            try (HazelcastExecutor executor = HazelcastExecutor.connect(cluster, List.of("127.0.0.1:" + port));
                    Valence valence = Valence.builder()
                            .folder(store())
                            .defaultExecutor(executor)
                            .open()) {
                // New inputs: every electron runs, none is reused from the dispatch that made the store.
                DispatchResult<Double> result = valence.dispatch(ArithmeticLattices.workflow(3, 4))
                        .await(Duration.ofSeconds(Cli.PATIENCE_SECONDS))
                        .orElseThrow();
                assertEquals(DispatchStatus.COMPLETED, result.status(), result::toString);
                assertFalse(result.electronNodes().isEmpty());
                for (NodeResult node : result.electronNodes()) {
                    String reason = node.reason().orElseThrow();
                    assertTrue(reason.endsWith("(on worker cli-w1)"), node.name() + ": " + reason);
                }
            }
        } finally {
            worker.process().destroy(); // SIGTERM: the worker's shutdown hook closes it
        }
        Cli.Result stopped = worker.await();
        // 143 = 128 + SIGTERM: the JVM ran its hooks and exited on the signal, without a stack trace.
        assertEquals(143, stopped.exit(), stopped::toString);
        assertTrue(withoutJdkUnsafeWarning(stopped.err()).isBlank(), stopped::toString);
    }

    /**
     * Java 24 and later warn once, on stderr, that Hazelcast calls {@code sun.misc.Unsafe}; that is
     * the JDK speaking (silenced by {@code --sun-misc-unsafe-memory-access=allow}, which Java 17
     * refuses, so the jar cannot pass it), not the worker.
     */
    private static String withoutJdkUnsafeWarning(String err) {
        return err.lines()
                .filter(line -> !(line.startsWith("WARNING: sun.misc.Unsafe::")
                        || line.equals("WARNING: A terminally deprecated method in sun.misc.Unsafe has been called")
                        || line.startsWith("WARNING: Please consider reporting this to the maintainers of class")))
                .reduce("", (all, line) -> all + line + "\n");
    }

    @Test
    void withoutStoreItIsAUsageErrorInOneLine() throws Exception {
        Cli.Result result = Cli.run(work, "worker", "--classpath", Cli.classpathOf(ArithmeticLattices.class));
        ReadCommandsIT.assertOneLineError(result, ExitCodes.USAGE, "--store");
    }

    @Test
    void aMalformedJoinIsAUsageErrorNamingTheAddress() throws Exception {
        Cli.Result result = Cli.run(work, "worker", "--store", store().toString(), "--join", "127.0.0.1:5701,worker2");
        ReadCommandsIT.assertOneLineError(result, ExitCodes.USAGE, "--join needs host:port");
        assertTrue(result.err().contains("'worker2'"), result::toString);
    }

    @Test
    void aStoreThatDoesNotExistIsRefusedNotCreated() throws Exception {
        Path nowhere = work.resolve("nowhere");
        Cli.Result result = Cli.run(work, "worker", "--store", nowhere.toString());
        ReadCommandsIT.assertOneLineError(result, ExitCodes.STORE, "pass --store");
        assertFalse(nowhere.toFile().exists(), "the worker created a store");
    }
}
