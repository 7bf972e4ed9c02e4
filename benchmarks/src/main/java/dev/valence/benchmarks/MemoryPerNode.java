package dev.valence.benchmarks;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.Workflow;
import dev.valence.runtime.internal.store.InMemoryStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Heap per node of a 1,000,000-node chain of no-op electrons ({@link Graphs#chain(int, int)}), not a
 * JMH benchmark: the heap in use (after full collections) is read before building the workflow,
 * after building it, and after its dispatch on an {@link InMemoryStore} has completed while the
 * workflow, the dispatch, its result and the instance are still held. For scale, the same chain of
 * {@link CompletableFuture}s is measured once built (not yet started, so every stage is held).
 *
 * <p>Prints one line per figure, {@code key=value}, for {@link Suite} to read. Run it alone with a
 * large heap: {@code java -Xmx4g -cp benchmarks.jar dev.valence.benchmarks.MemoryPerNode}.
 */
public final class MemoryPerNode {
    /** Electron nodes in the chain. */
    static final int NODES = 1_000_000;

    private MemoryPerNode() {}

    /**
     * Measures and prints.
     *
     * @param args optionally the number of nodes
     * @throws InterruptedException if interrupted while waiting for the dispatch
     */
    public static void main(String[] args) throws InterruptedException {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : NODES;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        long beforeFutures = usedAfterGc(memory);
        ExecutorService pool = Executors.newFixedThreadPool(Stores.THREADS);
        try {
            CompletableFuture<Integer> root = new CompletableFuture<>();
            CompletableFuture<Integer> last = root;
            for (int i = 0; i < nodes; i++) {
                last = last.thenApplyAsync(Graphs::inc, pool);
            }
            long futures = usedAfterGc(memory);
            root.complete(1);
            if (last.join() != 1 + nodes) {
                throw new IllegalStateException("wrong value");
            }
            print("completableFuture.graph.bytesPerNode", perNode(futures - beforeFutures, nodes));
        } finally {
            pool.shutdownNow();
        }

        long empty = usedAfterGc(memory);
        Workflow<Integer> workflow = Graphs.chain(1, nodes);
        long built = usedAfterGc(memory);
        long dispatched;
        long started = System.nanoTime();
        int value;
        try (Valence valence = Valence.builder().store(new InMemoryStore()).open()) {
            Dispatch<Integer> dispatch = valence.dispatch(workflow);
            DispatchResult<Integer> result = dispatch.await();
            value = result.value();
            long nanos = System.nanoTime() - started;
            dispatched = usedAfterGc(memory);
            print("dispatch.seconds", String.format(Locale.ROOT, "%.2f", nanos / 1e9));
            // Keep everything reachable until measured.
            if (value != 1 + nodes
                    || result.status() != DispatchStatus.COMPLETED
                    || dispatch.id().isEmpty()
                    || workflow.graph().nodes().isEmpty()) {
                throw new IllegalStateException("wrong value " + value);
            }
        }
        print("nodes", Integer.toString(nodes));
        print("valence.graph.bytesPerNode", perNode(built - empty, nodes));
        print("valence.dispatched.bytesPerNode", perNode(dispatched - empty, nodes));
    }

    private static String perNode(long bytes, int nodes) {
        return String.format(Locale.ROOT, "%.0f", (double) bytes / nodes);
    }

    private static void print(String key, String value) {
        System.out.println(key + "=" + value);
    }

    /** Heap in use after collections have stopped freeing anything. */
    static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long now = memory.getHeapMemoryUsage().getUsed();
            if (now >= used - 1024 * 1024 && i >= 2) {
                return Math.min(now, used);
            }
            used = Math.min(used, now);
        }
        return used;
    }
}
