package dev.valence.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three worker JVMs as really separate hosts: each in a Linux network namespace of its own, joined
 * over a bridge ({@link NetworkNamespaces}), with the coordinator (this JVM) on the host side and a
 * store all reach over the network ({@link NamespacedStore}). Every worker listens on the same
 * port, as on separate machines. Skipped, saying why, where the machine does not permit namespaces.
 */
class NamespacedClusterTest {
    private static final int GROUPS = 20;
    private static final int SIZE = 10;
    /** Electron nodes of the grid: a leaf and a square per point, a total per group, one overall. */
    private static final int ELECTRONS = 2 * GROUPS * SIZE + GROUPS + 1;
    /** One port for all: each namespace has its own port space, like a host. */
    private static final int PORT = 5701;

    private static final Pattern WORKER = Pattern.compile(".*\\(on worker ([^)]+)\\)$");

    @TempDir
    Path work;

    /** Starts the three workers of a fresh cluster, one per namespace, each joining all three addresses. */
    private static List<Processes.Child> workers(
            NetworkNamespaces hosts, Processes processes, String cluster, String store) throws Exception {
        List<String> join =
                List.of(hosts.address(1) + ":" + PORT, hosts.address(2) + ":" + PORT, hosts.address(3) + ":" + PORT);
        List<Processes.Child> workers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            workers.add(
                    processes.worker("w" + i, cluster, hosts.address(i), PORT, join, store, null, hosts.launcher(i)));
        }
        return workers;
    }

    private static HazelcastExecutor coordinator(NetworkNamespaces hosts, String cluster) throws Exception {
        List<String> addresses =
                List.of(hosts.address(1) + ":" + PORT, hosts.address(2) + ":" + PORT, hosts.address(3) + ":" + PORT);
        HazelcastExecutor executor = HazelcastExecutor.connect(cluster, addresses);
        Processes.awaitCondition(() -> executor.workers().size() == 3, () -> "workers seen: " + executor.workers());
        return executor;
    }

    @Test
    void aGraphComputedOnThreeNamespacedHostsGivesTheExpectedValueWithEachElectronRunOnceOnEveryHost()
            throws Exception {
        Path runs = Files.createDirectories(work.resolve("runs"));
        String cluster = "valence-test-" + UUID.randomUUID();
        try (NetworkNamespaces hosts = NetworkNamespaces.create(3);
                NamespacedStore store = NamespacedStore.in(work, hosts.bridgeAddress());
                Processes processes = new Processes(work)) {
            System.out.println("[namespaced cluster test] " + hosts.describe() + "; store: " + store.describe());
            workers(hosts, processes, cluster, store.workerLocation());
            try (HazelcastExecutor executor = coordinator(hosts, cluster);
                    Valence valence = Valence.builder()
                            .store(store.open())
                            .defaultExecutor(executor)
                            .open()) {
                long started = System.nanoTime();
                DispatchResult<Long> result = valence.dispatch(
                                ClusterGraphLattices.grid(GROUPS, SIZE, 1, runs.toString()))
                        .await(Processes.PATIENCE)
                        .orElseThrow();
                System.out.println("[namespaced cluster test] dispatch of " + ELECTRONS + " electrons took "
                        + (System.nanoTime() - started) / 1_000_000 + " ms");
                assertEquals(
                        DispatchStatus.COMPLETED,
                        result.status(),
                        result.error().orElse(""));
                assertEquals(ClusterGraph.expected(GROUPS, SIZE), result.value());
                assertEquals(Set.of("w1", "w2", "w3"), recordedWorkers(result), "every host computed nodes");
            }
        }
        Map<String, List<String>> all = Processes.runs(runs);
        assertEquals(ELECTRONS, all.size(), "every electron ran");
        Set<String> ran = new TreeSet<>();
        all.forEach((key, by) -> {
            assertEquals(1, by.size(), key + " ran once, not " + by);
            ran.addAll(by);
        });
        assertEquals(Set.of("w1", "w2", "w3"), ran, "the electrons ran on the three hosts");
    }

    @Test
    void aNamespacedWorkerKilledMidDispatchLeavesTheOthersToCompleteItWithTheRightValue() throws Exception {
        Path runs = Files.createDirectories(work.resolve("runs"));
        String cluster = "valence-test-" + UUID.randomUUID();
        try (NetworkNamespaces hosts = NetworkNamespaces.create(3);
                NamespacedStore store = NamespacedStore.in(work, hosts.bridgeAddress());
                Processes processes = new Processes(work)) {
            System.out.println("[namespaced cluster test] " + hosts.describe() + "; store: " + store.describe());
            List<Processes.Child> workers = workers(hosts, processes, cluster, store.workerLocation());
            try (HazelcastExecutor executor = coordinator(hosts, cluster);
                    Valence valence = Valence.builder()
                            .store(store.open())
                            .defaultExecutor(executor)
                            .open()) {
                Dispatch<Long> dispatch =
                        valence.dispatch(ClusterGraphLattices.grid(GROUPS, SIZE, 20, runs.toString()));
                Processes.awaitCondition(
                        () -> Processes.runs(runs).values().stream()
                                        .filter(by -> by.contains("w2"))
                                        .count()
                                >= 20,
                        () -> "w2 ran too little: " + Processes.runs(runs));
                // SIGKILL of the JVM itself: `ip netns exec` execs java, so the process is the JVM.
                workers.get(1).kill();
                DispatchResult<Long> result = dispatch.await(Processes.PATIENCE).orElseThrow();
                assertEquals(
                        DispatchStatus.COMPLETED,
                        result.status(),
                        result.error().orElse(""));
                assertEquals(ClusterGraph.expected(GROUPS, SIZE), result.value());
                assertEquals(2, executor.workers().size(), "w2 left: " + executor.workers());
                for (NodeResult node : result.electronNodes()) {
                    assertEquals(NodeStatus.COMPLETED, node.status(), node.name());
                }
            }
        }
        Map<String, List<String>> all = Processes.runs(runs);
        assertEquals(ELECTRONS, all.size(), "every electron ran");
        all.forEach((key, by) -> {
            // Only what the killed host held unanswered runs again, once, on another host.
            assertTrue(
                    by.size() == 1
                            || (by.size() == 2
                                    && by.contains("w2")
                                    && !by.get(0).equals(by.get(1))),
                    key + ": " + by);
        });
        System.out.println("[namespaced cluster test] after w2's kill "
                + all.values().stream().filter(by -> by.size() == 2).count() + " calls it held ran again elsewhere");
    }

    /** @return the workers the nodes' records name as where they were computed */
    private static Set<String> recordedWorkers(DispatchResult<?> result) {
        Set<String> workers = new TreeSet<>();
        for (NodeResult node : result.electronNodes()) {
            Matcher on = WORKER.matcher(node.reason().orElse(""));
            if (on.matches()) {
                workers.add(on.group(1));
            }
        }
        return workers;
    }
}
