package dev.valence.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.hazelcast.WorkerMain;
import dev.valence.runtime.Valence;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parameter sweep on two worker JVMs finds what one JVM finds, every simulation on a worker. */
class ClusterSweepTest {
    @TempDir
    Path work;

    @Test
    void theSweepOnTwoWorkersFindsTheBestPointOfALocalRun() throws Exception {
        double local;
        try (Valence valence = Valence.open(work.resolve("local"))) {
            local = valence.dispatch(ParameterSweepLattices.sweep(0, 8, 9))
                    .await()
                    .value();
        }
        Path store = work.resolve("store");
        String cluster = "valence-example-" + UUID.randomUUID();
        int first = freePort();
        int second = freePort();
        List<Process> workers = new ArrayList<>();
        try {
            workers.add(worker(store, cluster, first, first));
            awaitJoined(workers.get(0));
            workers.add(worker(store, cluster, second, first));
            awaitJoined(workers.get(1));
            ClusterSweep.SweepSummary summary =
                    ClusterSweep.run(store.toString(), cluster, List.of("127.0.0.1:" + first), 9);
            assertEquals(local, summary.best());
            assertEquals(0, summary.here(), "no simulation ran in the coordinator");
            assertEquals(
                    9 + 5,
                    summary.perWorker().values().stream()
                                    .mapToInt(Integer::intValue)
                                    .sum()
                            + summary.reused(),
                    "every simulation ran on a worker or was reused: " + summary);
            assertTrue(summary.reused() <= 1, "at most the second round's center: " + summary);
        } finally {
            for (Process worker : workers) {
                worker.destroyForcibly();
                worker.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private Process worker(Path store, String cluster, int port, int join) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path nativeLibrary = Files.createDirectories(work.resolve("sqlite-native"));
        return new ProcessBuilder(
                        java,
                        "-Xmx256m",
                        "-Dorg.sqlite.tmpdir=" + nativeLibrary,
                        "-cp",
                        classpath,
                        WorkerMain.class.getName(),
                        "--store",
                        store.toString(),
                        "--port",
                        Integer.toString(port),
                        "--host",
                        "127.0.0.1",
                        "--join",
                        "127.0.0.1:" + join,
                        "--threads",
                        "2",
                        "--cluster",
                        cluster)
                .redirectErrorStream(true)
                .start();
    }

    /** Waits until the worker says it joined; fails with its output if it ends or stays silent first. */
    private static void awaitJoined(Process worker) throws Exception {
        StringBuffer output = new StringBuffer();
        CompletableFuture<Boolean> joined = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            output.append(line).append('\n');
                            if (line.contains("joined cluster")) {
                                joined.complete(true);
                            }
                        }
                    } catch (IOException e) {
                        output.append(e);
                    }
                    joined.complete(false);
                },
                "worker-output");
        reader.setDaemon(true);
        reader.start();
        boolean ok;
        try {
            ok = joined.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            ok = false;
        }
        assertTrue(ok, "the worker did not join:\n" + output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
