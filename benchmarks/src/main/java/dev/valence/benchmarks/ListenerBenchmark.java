package dev.valence.benchmarks;

import dev.valence.benchmarks.Graphs.Shape;
import dev.valence.runtime.DispatchListener;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import dev.valence.runtime.internal.store.InMemoryStore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
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
 * What events cost the scheduler: the in-memory cold run of {@link SchedulingBenchmark} without a
 * listener and with one listener that only counts events (every node emits ready, started and
 * completed, each made into an event object and queued for the event thread).
 *
 * <p>Milliseconds per 10,000-node graph (single shot).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ListenerBenchmark {

    /** A fresh in-memory instance per iteration, with or without a listener. */
    @State(Scope.Benchmark)
    public static class Run {
        /** The graph. */
        @Param({"chain", "fanout"})
        public String shape;

        /** {@code none}, or {@code counting}: one listener that counts the events it gets. */
        @Param({"none", "counting"})
        public String listener;

        private final AtomicInteger roots = new AtomicInteger();
        private final LongAdder events = new LongAdder();
        private Shape graph;
        private Valence valence;

        /** Reads the parameters. */
        @Setup(Level.Trial)
        public void parameters() {
            graph = Shape.of(shape);
        }

        /** Opens a fresh instance. */
        @Setup(Level.Iteration)
        public void open() {
            var builder = Valence.builder().store(new InMemoryStore());
            if (listener.equals("counting")) {
                DispatchListener counting = event -> events.increment();
                builder.listener(counting);
            }
            valence = builder.open();
        }

        /** Closes it (delivering the events still queued). */
        @TearDown(Level.Iteration)
        public void close() {
            valence.close();
        }
    }

    /**
     * @param run the instance
     * @return the graph's value
     */
    @Benchmark
    @Warmup(iterations = 3)
    @Measurement(iterations = 7)
    public int valence(Run run) {
        int root = run.roots.incrementAndGet();
        DispatchResult<Integer> result =
                run.valence.dispatch(run.graph.workflow(root)).await();
        return result.value();
    }
}
