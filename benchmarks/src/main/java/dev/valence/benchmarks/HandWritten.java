package dev.valence.benchmarks;

import dev.valence.benchmarks.Graphs.Shape;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The hand-written {@code CompletableFuture} side of a benchmark: an executor as large as Valence's
 * default pool and a fresh root input per run. Subclasses are JMH states that declare which graph
 * shapes they cover as a {@code @Param}.
 */
public abstract class HandWritten {
    private final AtomicInteger roots = new AtomicInteger();
    private Shape graph;
    private ExecutorService pool;

    /** @return the shape's name, from the subclass's {@code @Param} */
    protected abstract String shape();

    /** Starts the executor. */
    @Setup(Level.Trial)
    public void start() {
        graph = Shape.of(shape());
        pool = Executors.newFixedThreadPool(Stores.THREADS);
    }

    /** Stops it. */
    @TearDown(Level.Trial)
    public void stop() {
        pool.shutdownNow();
    }

    /** @return the graph computed by hand from a fresh root */
    int run() {
        return graph.completableFuture(roots.incrementAndGet(), pool);
    }
}
