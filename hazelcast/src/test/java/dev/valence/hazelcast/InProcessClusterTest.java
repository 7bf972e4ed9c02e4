package dev.valence.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure paths of the Hazelcast executor with workers started in this JVM ({@link
 * WorkerMain#start}), whose members the test can stop abruptly: cancel, a task lost twice, no
 * worker at all, and the worker's command line.
 */
class InProcessClusterTest {
    @TempDir
    Path work;

    private WorkerMain.Worker worker(String id, String cluster, int port, int join) {
        WorkerMain.Options options = WorkerMain.Options.parse(new String[] {
            "--store",
            work.resolve("store").toString(),
            "--port",
            Integer.toString(port),
            "--host",
            "127.0.0.1",
            "--join",
            "127.0.0.1:" + join,
            "--threads",
            "2",
            "--cluster",
            cluster,
            "--id",
            id
        });
        return WorkerMain.start(options, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static String cluster() {
        return "valence-test-" + UUID.randomUUID();
    }

    @Test
    @SuppressWarnings("try") // the worker is a resource kept open, not used by name
    void cancelInterruptsTheElectronOnItsWorkerAndTheDispatchEndsAtOnce() throws Exception {
        String cluster = cluster();
        int port = Processes.freePort();
        Path runs = Files.createDirectories(work.resolve("runs"));
        try (WorkerMain.Worker w1 = worker("w1", cluster, port, port);
                HazelcastExecutor executor = HazelcastExecutor.connect(cluster, List.of("127.0.0.1:" + port));
                Valence valence = Valence.builder()
                        .folder(work.resolve("store"))
                        .defaultExecutor(executor)
                        .open()) {
            Dispatch<Long> dispatch = valence.dispatch(ClusterGraphLattices.grid(1, 2, 60_000, runs.toString()));
            Processes.awaitCondition(() -> Processes.count(runs) == 2, () -> "the leaves did not start");
            long cancelled = System.nanoTime();
            dispatch.cancel();
            DispatchResult<Long> result = dispatch.await(Duration.ofSeconds(10)).orElseThrow();
            assertEquals(DispatchStatus.CANCELLED, result.status());
            assertTrue(System.nanoTime() - cancelled < Duration.ofSeconds(5).toNanos(), "at once");
            for (NodeResult node : result.electronNodes()) {
                assertEquals(NodeStatus.CANCELLED, node.status(), node.name());
                assertTrue(node.valueFingerprint().isEmpty());
            }
        }
        // The electrons were interrupted: their sleep of a minute did not keep the worker's pool.
        assertEquals(2, Processes.count(runs));
    }

    @Test
    void aTaskWhoseSecondWorkerLeavesTooFailsItsNodeNamingBoth() throws Exception {
        String cluster = cluster();
        int first = Processes.freePort();
        int second = Processes.freePort();
        Path runs = Files.createDirectories(work.resolve("runs"));
        try (WorkerMain.Worker w1 = worker("w1", cluster, first, first);
                WorkerMain.Worker w2 = worker("w2", cluster, second, first);
                HazelcastExecutor executor = HazelcastExecutor.connect(cluster, List.of("127.0.0.1:" + first));
                Valence valence = Valence.builder()
                        .folder(work.resolve("store"))
                        .defaultExecutor(executor)
                        .open()) {
            Processes.awaitCondition(() -> executor.workers().size() == 2, () -> "workers: " + executor.workers());
            Dispatch<Long> dispatch = valence.dispatch(ClusterGraphLattices.grid(1, 1, 60_000, runs.toString()));
            Processes.awaitCondition(() -> Processes.runs(runs).containsKey("leaf-0"), () -> "no leaf ran");
            // Both workers share this JVM: which one runs it shows in the executor's view only.
            WorkerMain.Worker holder = holds(executor, "w1") ? w1 : w2;
            holder.member().getLifecycleService().terminate();
            Processes.awaitCondition(() -> Processes.count(runs) == 2, () -> "the leaf was not resubmitted");
            WorkerMain.Worker other = holder == w1 ? w2 : w1;
            other.member().getLifecycleService().terminate();
            DispatchResult<Long> result = dispatch.await(Duration.ofSeconds(20)).orElseThrow();
            assertEquals(DispatchStatus.FAILED, result.status());
            String reason = result.node("leaf").reason().orElseThrow();
            assertTrue(reason.contains("was lost twice"), reason);
            assertTrue(reason.contains("got no answer for node leaf"), reason);
        }
    }

    private static boolean holds(HazelcastExecutor executor, String worker) {
        return executor.holder("leaf").map(worker::equals).orElse(false);
    }

    @Test
    void tasksWithNoWorkerInTheClusterFailNamingWorkerMain() throws Exception {
        String cluster = cluster();
        int port = Processes.freePort();
        // A plain member, no Valence worker: the coordinator can connect, but nobody takes tasks.
        HazelcastInstance plain = Hazelcast.newHazelcastInstance(
                ClusterConfigs.member(cluster, "127.0.0.1", port, List.of("127.0.0.1:" + port)));
        try (HazelcastExecutor executor =
                        HazelcastExecutor.connect(cluster, List.of("127.0.0.1:" + port), Duration.ofSeconds(1));
                Valence valence = Valence.builder()
                        .folder(work.resolve("store"))
                        .defaultExecutor(executor)
                        .open()) {
            DispatchResult<Long> result = valence.dispatch(ClusterGraphLattices.grid(1, 1, 0, work.toString()))
                    .await(Duration.ofSeconds(20))
                    .orElseThrow();
            assertEquals(DispatchStatus.FAILED, result.status());
            String reason = result.node("leaf").reason().orElseThrow();
            assertTrue(reason.contains("no Valence worker has been in the cluster for 1 s"), reason);
            assertTrue(reason.contains("start workers with dev.valence.hazelcast.WorkerMain"), reason);
        } finally {
            plain.shutdown();
        }
    }

    @Test
    void aCoordinatorThatReachesNoClusterSaysWhereItLooked() {
        int port = Processes.freePort();
        IllegalStateException none = assertThrows(
                IllegalStateException.class,
                () -> HazelcastExecutor.connect(cluster(), List.of("127.0.0.1:" + port), Duration.ofSeconds(1)));
        assertTrue(none.getMessage().contains("cannot reach the Valence cluster"), none.getMessage());
        assertTrue(none.getMessage().contains("127.0.0.1:" + port), none.getMessage());
    }

    @Test
    void theWorkersCommandLineRefusesWhatItCannotUseInOneLine() {
        IllegalArgumentException noStore = assertThrows(
                IllegalArgumentException.class, () -> WorkerMain.Options.parse(new String[] {"--port", "5701"}));
        assertTrue(noStore.getMessage().startsWith("--store is required"), noStore.getMessage());
        IllegalArgumentException port = assertThrows(
                IllegalArgumentException.class,
                () -> WorkerMain.Options.parse(new String[] {"--store", "s", "--port", "70000"}));
        assertEquals("--port must be a number from 1 to 65535, got 70000", port.getMessage());
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> WorkerMain.Options.parse(new String[] {"--store", "s", "--thread", "4"}));
        assertTrue(unknown.getMessage().startsWith("unknown option --thread; usage: WorkerMain --store"));
        IllegalArgumentException missing =
                assertThrows(IllegalArgumentException.class, () -> WorkerMain.Options.parse(new String[] {"--store"}));
        assertTrue(missing.getMessage().startsWith("--store needs a value"), missing.getMessage());
        IllegalArgumentException join = assertThrows(
                IllegalArgumentException.class,
                () -> WorkerMain.Options.parse(new String[] {"--store", "s", "--join", "host1:5701,host2"}));
        assertTrue(join.getMessage().startsWith("--join needs host:port[,host:port]"), join.getMessage());
        assertTrue(join.getMessage().endsWith("got 'host2'"), join.getMessage());
        IllegalArgumentException joinPort = assertThrows(
                IllegalArgumentException.class,
                () -> WorkerMain.Options.parse(new String[] {"--store", "s", "--join", "host1:57o1"}));
        assertEquals("--join port in 'host1:57o1' must be a number from 1 to 65535, got 57o1", joinPort.getMessage());
        assertEquals(
                List.of("[::1]:5701", "h:5702"),
                WorkerMain.Options.parse(new String[] {"--store", "s", "--join", "[::1]:5701, h:5702"}).join);
        WorkerMain.Options defaults = WorkerMain.Options.parse(new String[] {"--store", "s", "--port", "5702"});
        assertEquals(List.of("127.0.0.1:5702"), defaults.join);
        assertEquals("worker-5702", defaults.id);
        assertEquals("valence", defaults.cluster);
    }
}
