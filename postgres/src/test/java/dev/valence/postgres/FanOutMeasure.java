package dev.valence.postgres;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.api.Fixtures;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.StoredValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a test: a 10,000-node fan-out through {@code Valence} on the PostgreSQL store,
 * printing node ends per second. Run by hand with {@code -Dvalence.measure=true}; it asserts
 * nothing about time, which depends on the machine.
 */
class FanOutMeasure {
    private static final int WIDTH = 10_000;

    @TempDir
    Path work;

    @Test
    void fanOut() {
        assumeTrue(Boolean.getBoolean("valence.measure"), "a measurement: run with -Dvalence.measure=true");
        TestDatabase database = TestDatabase.fresh();
        try {
            for (int round = 0; round < 2; round++) {
                try (Valence valence = Valence.builder()
                        .store(database.open(work.resolve("cache")))
                        .threads(8)
                        .open()) {
                    long start = System.nanoTime();
                    DispatchResult<Integer> result = Fixtures.finish(
                            valence.dispatch(lattice().workflow(round)), java.time.Duration.ofMinutes(5));
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf(
                            "fan-out of %d on PostgreSQL, round %d: %s in %.2f s, %.0f nodes/s%n",
                            WIDTH, round, result.status(), seconds, WIDTH / seconds);
                }
            }
        } finally {
            database.drop();
        }
    }

    /** The group commit alone: one thread finishing 10,000 nodes with values, then waiting until all are durable. */
    @Test
    void finishNodes() throws Exception {
        assumeTrue(Boolean.getBoolean("valence.measure"), "a measurement: run with -Dvalence.measure=true");
        TestDatabase database = TestDatabase.fresh();
        try (PostgresStore store = database.open(work.resolve("cache"))) {
            List<NodeRecord> pending = new ArrayList<>();
            for (int i = 0; i < WIDTH; i++) {
                pending.add(PostgresStoreTest.node(i, NodeStatus.PENDING, null));
            }
            store.dispatchLog().createDispatch(PostgresStoreTest.dispatch("wide"), pending, List.of());
            long start = System.nanoTime();
            List<CompletableFuture<Void>> durable = new ArrayList<>();
            for (int i = 0; i < WIDTH; i++) {
                StoredValue value = PostgresStoreTest.value(i);
                durable.add(store.dispatchLog()
                        .finishNode("wide", PostgresStoreTest.node(i, NodeStatus.COMPLETED, value), value, true));
            }
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "finishNode of %d nodes with values: durable in %.2f s, %.0f nodes/s%n",
                    WIDTH, seconds, WIDTH / seconds);
        } finally {
            database.drop();
        }
    }

    private static LatticeRef<Integer> lattice() {
        ElectronRef<Integer> step = ElectronRef.<Integer>builder("dev.valence.postgres.Measure#step")
                .parameter("x", "java.lang.Integer")
                .parameter("i", "java.lang.Integer")
                .returns("java.lang.Integer")
                .build(args -> (Integer) args[0] + (Integer) args[1]);
        ElectronRef<Integer> count = ElectronRef.<Integer>builder("dev.valence.postgres.Measure#count")
                .parameter("values", "java.util.List<java.lang.Integer>")
                .returns("java.lang.Integer")
                .build(args -> ((List<?>) args[0]).size());
        return Fixtures.lattice(
                "measureFanOut",
                "java.lang.Integer",
                (graph, in) -> {
                    List<Handle<Integer>> steps = new ArrayList<>(WIDTH);
                    for (int i = 0; i < WIDTH; i++) {
                        steps.add(graph.call(step, in.get(0), graph.constant(i, "java.lang.Integer")));
                    }
                    return graph.call(count, graph.list("java.util.List<java.lang.Integer>", steps));
                },
                "java.lang.Integer");
    }
}
