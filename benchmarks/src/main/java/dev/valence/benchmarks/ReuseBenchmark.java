package dev.valence.benchmarks;

import dev.valence.benchmarks.Graphs.Shape;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.ResultStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Redispatching 10,000-node graphs ({@link Graphs}) from the embedded store (SQLite, default
 * checkpoint mode), with every result reusable, or with one input changed:
 *
 * <ul>
 *   <li>{@link #allReused}: {@code redispatch(first).start()} with the stored inputs; every
 *       electron is {@code REUSED} and no intermediate value is loaded (checked in the setup);
 *   <li>{@link #changedRoot}: the layered graph with a new root input, on which every node depends:
 *       all 10,000 rerun;
 *   <li>{@link #changedLeaf}: the layered graph with a new leaf input, read by one node of the last
 *       layer: that node reruns, 9,999 are reused;
 *   <li>{@link #unchanged}: the layered graph with its inputs given again: all reused;
 *   <li>{@link #noReuse}: the layered graph with a new root and {@link Reuse#NONE}: all computed,
 *       no key looked up;
 *   <li>{@link #completableFuture}: the same graph computed by hand, for scale.
 * </ul>
 *
 * <p>Milliseconds per redispatch (single shot: one per iteration).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ReuseBenchmark {

    /** A store holding one earlier dispatch of the graph. */
    @State(Scope.Benchmark)
    public static class Stored {
        /** The graph. */
        @Param({"chain", "fanout"})
        public String shape;

        private Path folder;
        private Valence valence;
        private String first;

        /** Runs the graph once, checks what a redispatch reuses and loads, then opens the measured instance. */
        @Setup(Level.Trial)
        public void store() {
            Shape graph = Shape.of(shape);
            folder = Stores.newFolder();
            AtomicInteger loads = new AtomicInteger();
            int inputs = graph.workflow(1).inputs().size();
            try (Valence counting = Valence.builder()
                    .store(countingLoads(SqliteStore.open(folder), loads))
                    .open()) {
                first = counting.dispatch(graph.workflow(1)).await().id();
                loads.set(0);
                DispatchResult<Object> again =
                        counting.redispatch(first).start().await();
                again.value();
                requireStatuses(again, Graphs.NODES, 0);
                // The stored inputs the redispatch starts from, and the output asked for: nothing in between.
                if (loads.get() > inputs + 1) {
                    throw new IllegalStateException("an all-reused redispatch of " + shape + " loaded " + loads
                            + " values; expected at most " + (inputs + 1) + " (its inputs and its output)");
                }
            }
            valence = Valence.open(folder);
            // A lattice built by hand is known to an instance once dispatched there (generated ones
            // are found through their catalog): this run is all reused too.
            valence.dispatch(graph.workflow(1)).await();
        }

        /** Closes the instance and removes the store. */
        @TearDown(Level.Trial)
        public void close() {
            valence.close();
            Stores.delete(folder);
        }
    }

    /** A store holding one dispatch of the layered graph with {@code root = 0, leaf = 0}. */
    @State(Scope.Benchmark)
    public static class Layered {
        private final AtomicInteger changes = new AtomicInteger(1_000);
        private Path folder;
        private Valence valence;
        private String first;

        /** Runs the graph once, and checks once what each kind of change reruns. */
        @Setup(Level.Trial)
        public void store() {
            folder = Stores.newFolder();
            valence = Valence.open(folder);
            first = valence.dispatch(Graphs.layered(0, 0)).await().id();
            requireStatuses(rerun(this, Graphs.layered(changes.incrementAndGet(), 0)), 0, Graphs.NODES);
            requireStatuses(rerun(this, Graphs.layered(0, changes.incrementAndGet())), Graphs.NODES - 1, 1);
        }

        /** Closes the instance and removes the store. */
        @TearDown(Level.Trial)
        public void close() {
            valence.close();
            Stores.delete(folder);
        }
    }

    /** The hand-written program's executor, as large as Valence's default pool. */
    @State(Scope.Benchmark)
    public static class ByHand extends HandWritten {
        /** The graph. */
        @Param({"chain", "fanout", "layered"})
        public String shape;

        @Override
        protected String shape() {
            return shape;
        }
    }

    /**
     * @param stored the store
     * @return the graph's value
     */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public Object allReused(Stored stored) {
        return stored.valence.redispatch(stored.first).start().await().value();
    }

    /**
     * @param layered the store
     * @return the graph's value
     */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public Object changedRoot(Layered layered) {
        return rerun(layered, Graphs.layered(layered.changes.incrementAndGet(), 0))
                .value();
    }

    /**
     * @param layered the store
     * @return the graph's value
     */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public Object changedLeaf(Layered layered) {
        return rerun(layered, Graphs.layered(0, layered.changes.incrementAndGet()))
                .value();
    }

    /**
     * The layered graph with its stored inputs given again: every node reused.
     *
     * @param layered the store
     * @return the graph's value
     */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public Object unchanged(Layered layered) {
        return rerun(layered, Graphs.layered(0, 0)).value();
    }

    /**
     * The layered graph with a new root and reuse turned off: what {@link #changedRoot} costs without
     * looking up any key.
     *
     * @param layered the store
     * @return the graph's value
     */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public Object noReuse(Layered layered) {
        return layered.valence
                .dispatch(Graphs.layered(layered.changes.incrementAndGet(), 0), Reuse.NONE)
                .await()
                .value();
    }

    /**
     * @param byHand the executor
     * @return the graph's value
     */
    @Benchmark
    @Warmup(iterations = 10)
    @Measurement(iterations = 20)
    public int completableFuture(ByHand byHand) {
        return byHand.run();
    }

    private static DispatchResult<Integer> rerun(Layered layered, dev.valence.runtime.graph.Workflow<Integer> inputs) {
        return layered.valence
                .redispatch(layered.first)
                .withInputs(inputs)
                .start()
                .await();
    }

    static void requireStatuses(DispatchResult<?> result, int reused, int completed) {
        int wasReused = 0;
        int ran = 0;
        for (NodeResult node : result.electronNodes()) {
            if (node.status() == NodeStatus.REUSED) {
                wasReused++;
            } else if (node.status() == NodeStatus.COMPLETED) {
                ran++;
            }
        }
        // At least: the fan-out's sum is an electron too.
        if (ran != completed || wasReused < reused) {
            throw new IllegalStateException("expected " + reused + " reused and " + completed + " computed nodes, got "
                    + wasReused + " reused and " + ran + " computed");
        }
    }

    /** Wraps a store so that every value it loads is counted. */
    static ResultStore countingLoads(ResultStore store, AtomicInteger loads) {
        return (ResultStore) Proxy.newProxyInstance(
                ResultStore.class.getClassLoader(), new Class<?>[] {ResultStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("value")) {
                        loads.incrementAndGet();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
