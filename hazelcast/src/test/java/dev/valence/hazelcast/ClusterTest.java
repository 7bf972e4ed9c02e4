package dev.valence.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.spi.store.ResultStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real worker JVMs on loopback sharing one store, a PostgreSQL schema of its own when the test
 * server is there (always in CI), else an embedded store folder ({@link SharedStore}): the
 * coordinator is this JVM, or a child that the test kills.
 */
class ClusterTest {
    private static final int GROUPS = 25;
    private static final int SIZE = 10;
    /** Electron nodes of the grid: a leaf and a square per point, a total per group, one overall. */
    private static final int ELECTRONS = 2 * GROUPS * SIZE + GROUPS + 1;

    @TempDir
    Path work;

    private Path runs(String name) throws Exception {
        return Files.createDirectories(work.resolve(name));
    }

    /** Three workers of a fresh cluster: the first alone, then two joining it. */
    private List<Processes.Child> threeWorkers(Processes processes, String cluster, String store) throws Exception {
        int first = Processes.freePort();
        Processes.Child w1 = processes.worker("w1", cluster, first, List.of(first), store, null);
        int second = Processes.freePort();
        int third = Processes.freePort();
        Processes.Child w2 = processes.worker("w2", cluster, second, List.of(first), store, null);
        Processes.Child w3 = processes.worker("w3", cluster, third, List.of(first), store, null);
        return List.of(w1, w2, w3);
    }

    private static HazelcastExecutor coordinator(String cluster, Processes.Child anyWorker) throws Exception {
        String port = anyWorker.awaitLine("joined cluster").replaceAll(".* on port (\\d+) .*", "$1");
        HazelcastExecutor executor = HazelcastExecutor.connect(cluster, List.of("127.0.0.1:" + port));
        Processes.awaitCondition(() -> executor.workers().size() == 3, () -> "workers seen: " + executor.workers());
        return executor;
    }

    private static String cluster() {
        return "valence-test-" + UUID.randomUUID();
    }

    @Test
    void aGraphOf500NodesGivesTheValuesOfOneJvmWithEachElectronRunOnceOnSeveralWorkers() throws Exception {
        Path localRuns = runs("local-runs");
        long localValue;
        List<String> localFingerprints;
        try (Valence valence = Valence.open(work.resolve("local"))) {
            DispatchResult<Long> local = valence.dispatch(
                            ClusterGraphLattices.grid(GROUPS, SIZE, 1, localRuns.toString()))
                    .await();
            localValue = local.value();
            localFingerprints = fingerprints(local);
        }
        assertEquals(ClusterGraph.expected(GROUPS, SIZE), localValue);

        try (SharedStore shared = SharedStore.in(work)) {
            String store = shared.location();
            Path clusterRuns = runs("cluster-runs");
            String cluster = cluster();
            try (Processes processes = new Processes(work)) {
                List<Processes.Child> workers = threeWorkers(processes, cluster, store);
                try (HazelcastExecutor executor = coordinator(cluster, workers.get(0));
                        Valence valence = Valence.builder()
                                .store(shared.open())
                                .defaultExecutor(executor)
                                .open()) {
                    long started = System.nanoTime();
                    DispatchResult<Long> result = valence.dispatch(
                                    ClusterGraphLattices.grid(GROUPS, SIZE, 1, clusterRuns.toString()))
                            .await(Processes.PATIENCE)
                            .orElseThrow();
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    System.out.println("cluster dispatch of " + ELECTRONS + " electrons took " + millis + " ms");
                    assertEquals(
                            DispatchStatus.COMPLETED,
                            result.status(),
                            result.error().orElse(""));
                    assertEquals(localValue, result.value());
                    // Node by node: the same graph, so the same values in the same places.
                    assertTrue(localFingerprints.equals(fingerprints(result)), "node values differ from one JVM's");
                }
            }
            Map<String, List<String>> runs = Processes.runs(clusterRuns);
            assertEquals(ELECTRONS, runs.size(), "every electron ran");
            Set<String> processesThatRan = new TreeSet<>();
            runs.forEach((key, by) -> {
                assertEquals(1, by.size(), key + " ran once, not " + by);
                processesThatRan.addAll(by);
            });
            assertTrue(processesThatRan.size() > 1, "the work was spread over the workers: " + processesThatRan);
            assertTrue(Set.of("w1", "w2", "w3").containsAll(processesThatRan), "only workers ran electrons");
        }
    }

    private static List<String> fingerprints(DispatchResult<Long> result) {
        // Electron nodes only: the runs folder, an input, differs (it is left out of the electrons' keys).
        return result.electronNodes().stream()
                .map(node -> node.name() + "=" + node.valueFingerprint().orElse("-"))
                .toList();
    }

    @Test
    void aWorkerKilledMidDispatchHasOnlyItsUnansweredTasksRunAgainOnceElsewhere() throws Exception {
        try (SharedStore shared = SharedStore.in(work)) {
            String store = shared.location();
            Path runs = runs("runs");
            String cluster = cluster();
            try (Processes processes = new Processes(work)) {
                List<Processes.Child> workers = threeWorkers(processes, cluster, store);
                try (HazelcastExecutor executor = coordinator(cluster, workers.get(0));
                        Valence valence = Valence.builder()
                                .store(shared.open())
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
                    workers.get(1).kill();
                    Set<String> ranByW2 = ranBy(Processes.runs(runs), "w2");
                    DispatchResult<Long> result =
                            dispatch.await(Processes.PATIENCE).orElseThrow();
                    assertEquals(
                            DispatchStatus.COMPLETED,
                            result.status(),
                            result.error().orElse(""));
                    assertEquals(ClusterGraph.expected(GROUPS, SIZE), result.value());
                    assertEquals(2, executor.workers().size(), "w2 left: " + executor.workers());

                    Map<String, List<String>> all = Processes.runs(runs);
                    assertEquals(ELECTRONS, all.size());
                    Set<String> again = new TreeSet<>();
                    all.forEach((key, by) -> {
                        assertTrue(by.size() <= 2, key + " ran at most twice: " + by);
                        if (by.size() == 2) {
                            again.add(key);
                            assertTrue(by.contains("w2") && !by.stream().allMatch("w2"::equals), key + ": " + by);
                        }
                    });
                    // Only what w2 held unanswered ran again: at most its threads times the tasks per thread it may
                    // hold.
                    assertTrue(again.size() <= 4 * 4, "ran again: " + again);
                    assertTrue(ranByW2.containsAll(again), "only tasks w2 had started or held ran again: " + again);
                    // What w2 answered before it died is kept: recorded as computed on w2, never rerun.
                    Set<String> answeredByW2 = new HashSet<>();
                    for (NodeResult node : result.electronNodes()) {
                        assertEquals(NodeStatus.COMPLETED, node.status());
                        if (node.reason().orElseThrow().endsWith("(on worker w2)")) {
                            answeredByW2.add(node.name());
                        }
                    }
                    assertTrue(answeredByW2.size() >= 20 - again.size(), "w2's answers were recorded: " + answeredByW2);
                    System.out.println(
                            "w2 answered " + answeredByW2.size() + " nodes before its kill; ran again: " + again);
                }
            }
        }
    }

    /**
     * How many of a dispatch's electron nodes the store holds as computed. Inputs and constants
     * are recorded completed with the dispatch, so counting them would let a coordinator be killed
     * before it recorded a single electron.
     */
    private static long completed(ResultStore store, String dispatchId) {
        return store.dispatchLog().nodes(dispatchId).stream()
                .filter(node -> node.kind() == NodeKind.ELECTRON && node.status() == NodeStatus.COMPLETED)
                .count();
    }

    private static Set<String> ranBy(Map<String, List<String>> runs, String process) {
        return runs.entrySet().stream()
                .filter(entry -> entry.getValue().contains(process))
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    @Test
    void aCoordinatorKilledMidDispatchIsReplacedByAnotherThatRedispatchesAndReusesEverythingStored() throws Exception {
        try (SharedStore shared = SharedStore.in(work)) {
            String store = shared.location();
            Path runs = runs("runs");
            String cluster = cluster();
            try (Processes processes = new Processes(work)) {
                List<Processes.Child> workers = threeWorkers(processes, cluster, store);
                String address = "127.0.0.1:"
                        + workers.get(0).awaitLine("joined cluster").replaceAll(".* on port (\\d+) .*", "$1");
                Processes.Child first = processes.main(
                        "coordinator",
                        CoordinatorChild.class,
                        store,
                        runs.toString(),
                        cluster,
                        address,
                        Integer.toString(GROUPS),
                        Integer.toString(SIZE),
                        "20");
                String id = first.awaitLine("DISPATCH ")
                        .substring("DISPATCH ".length())
                        .trim();
                // Killed once it has recorded some nodes (how long that takes depends on the load),
                // with many more sent and unanswered.
                try (ResultStore reader = shared.openReadOnly()) {
                    Processes.awaitCondition(
                            () -> Processes.count(runs) >= 150 && completed(reader, id) >= 10,
                            () -> "too few runs or records: " + Processes.count(runs) + " runs, "
                                    + completed(reader, id) + " recorded");
                }
                first.kill();

                try (HazelcastExecutor executor = coordinator(cluster, workers.get(0));
                        Valence valence = Valence.builder()
                                .store(shared.open())
                                .leasePeriod(CoordinatorChild.LEASE_PERIOD)
                                .defaultExecutor(executor)
                                .open()) {
                    Processes.awaitCondition(
                            () -> valence.result(id).orElseThrow().status() == DispatchStatus.INTERRUPTED,
                            () -> "the dead coordinator's dispatch is still "
                                    + valence.result(id).orElseThrow().status());
                    DispatchResult<Object> before = valence.result(id).orElseThrow();
                    Set<String> recorded = before.electronNodes().stream()
                            .filter(node -> node.status() == NodeStatus.COMPLETED)
                            .map(NodeResult::name)
                            .collect(Collectors.toSet());
                    // How many depends on the machine's load; that some are is what the reuse below needs.
                    assertTrue(!recorded.isEmpty(), "the first coordinator recorded no node");
                    // The workers finish what the dead coordinator had sent them; wait until they did.
                    Processes.awaitQuiet(runs);
                    Map<String, List<String>> runsBefore = Processes.runs(runs);

                    DispatchResult<Object> again = valence.redispatch(id)
                            .start()
                            .await(Processes.PATIENCE)
                            .orElseThrow();
                    assertEquals(
                            DispatchStatus.COMPLETED,
                            again.status(),
                            again.error().orElse(""));
                    assertEquals(ClusterGraph.expected(GROUPS, SIZE), again.value());
                    for (NodeResult node : again.electronNodes()) {
                        if (recorded.contains(node.name())) {
                            assertTrue(
                                    node.wasReused(),
                                    node.name() + " was recorded before and is reused: "
                                            + node.reason().orElse(""));
                        }
                    }
                    Map<String, List<String>> all = Processes.runs(runs);
                    assertEquals(ELECTRONS, all.size());
                    all.forEach((key, by) -> {
                        assertTrue(by.size() <= 2, key + " ran at most twice: " + by);
                        if (by.size() == 2) {
                            // Only calls started by the dead coordinator and never recorded run again.
                            assertTrue(runsBefore.containsKey(key), key + " ran twice: " + by);
                        }
                    });
                    long rerun =
                            all.values().stream().filter(by -> by.size() == 2).count();
                    System.out.println("the first coordinator recorded " + recorded.size() + " nodes; " + rerun
                            + " calls it had sent but not recorded ran again");
                }
            }
        }
    }

    static Duration patience() {
        return Processes.PATIENCE;
    }
}
