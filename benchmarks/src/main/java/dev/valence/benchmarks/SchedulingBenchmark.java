package dev.valence.benchmarks;

import dev.valence.benchmarks.Graphs.Shape;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
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
 * Cold runs of a 10,000-node graph of no-op electrons ({@link Graphs}): building the workflow,
 * dispatching it and awaiting its value, beside the same graph written by hand with {@code
 * CompletableFuture}s on an executor of the same size. Every Valence run has a root input never seen
 * before and a fresh store, so nothing is reused.
 *
 * <p>Milliseconds per graph (single shot: one graph per iteration); per node, divide by 10,000.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class SchedulingBenchmark {

    /** A fresh Valence instance and store per iteration, opened and closed outside the measurement. */
    @State(Scope.Benchmark)
    public static class Run {
        /** The graph. */
        @Param({"chain", "fanout"})
        public String shape;

        /** The store, see {@link Stores}. */
        @Param({"memory", "sqlite", "sqlite-periodic", "sqlite-end"})
        public String store;

        private final AtomicInteger roots = new AtomicInteger();
        private Shape graph;
        private Stores kind;
        private Path folder;
        private Valence valence;

        /** Reads the parameters. */
        @Setup(Level.Trial)
        public void parameters() {
            graph = Shape.of(shape);
            kind = Stores.of(store);
        }

        /** Opens a fresh instance on a fresh store. */
        @Setup(Level.Iteration)
        public void open() {
            folder = kind.persistent() ? Stores.newFolder() : null;
            valence = kind.open(folder);
        }

        /** Closes it and removes its folder. */
        @TearDown(Level.Iteration)
        public void close() {
            valence.close();
            Stores.delete(folder);
        }
    }

    /** The hand-written program's executor, as large as Valence's default pool. */
    @State(Scope.Benchmark)
    public static class ByHand extends HandWritten {
        /** The graph. */
        @Param({"chain", "fanout"})
        public String shape;

        @Override
        protected String shape() {
            return shape;
        }
    }

    /**
     * @param run the instance
     * @return the graph's value
     */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    public int valence(Run run) {
        int root = run.roots.incrementAndGet();
        DispatchResult<Integer> result =
                run.valence.dispatch(run.graph.workflow(root)).await();
        return result.value();
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
}
