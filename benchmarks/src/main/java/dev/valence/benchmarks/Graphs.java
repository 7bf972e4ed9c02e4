package dev.valence.benchmarks;

import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The graphs every benchmark runs, twice: as a Valence {@link Workflow} built by hand exactly as
 * generated code builds it ({@link ElectronRef#builder}, {@link LatticeRef#builder}, {@link
 * Graph#builder()}, {@link LatticeRef#workflow(Graph.Builder, Handle)}), and as a hand-written
 * {@link CompletableFuture} program doing the same no-op work on an executor of the same size.
 *
 * <p>Every electron is a no-op: it returns its first {@code int} argument plus one. Its other
 * arguments (a branch index, the node's index) are there only so that no two nodes of a graph share
 * a cache key, which would let Valence run them once (single flight) and measure less work than the
 * hand-written program does.
 */
public final class Graphs {
    /** Electron nodes per graph in the scheduling and reuse benchmarks. */
    public static final int NODES = 10_000;

    /** Width and depth of the layered graph: {@code 100 x 100 = 10,000} electron nodes. */
    public static final int LAYER_WIDTH = 100;

    static final String INT = "java.lang.Integer";
    static final String INT_LIST = "java.util.List<java.lang.Integer>";
    private static final String ID = "dev.valence.benchmarks.Graphs#";

    /** {@code inc(x) = x + 1}: one link of the chain. */
    static final ElectronRef<Integer> INC = ElectronRef.<Integer>builder(ID + "inc")
            .parameter("x", INT)
            .returns(INT)
            .codeFingerprint("inc:x+1")
            .build(args -> inc((Integer) args[0]));

    /** {@code branch(x, index) = x + 1}: one branch of the fan-out; the index keeps branches apart. */
    static final ElectronRef<Integer> BRANCH = ElectronRef.<Integer>builder(ID + "branch")
            .parameter("x", INT)
            .parameter("index", INT)
            .returns(INT)
            .codeFingerprint("branch:x+1")
            .build(args -> inc((Integer) args[0]));

    /** {@code sum(xs)}: the fan-in. */
    static final ElectronRef<Integer> SUM = ElectronRef.<Integer>builder(ID + "sum")
            .parameter("xs", INT_LIST)
            .returns(INT)
            .codeFingerprint("sum")
            .build(args -> sum(Graphs.<List<Integer>>cast(args[0])));

    /**
     * {@code combine(left, right, salt) = left + 1}: a node of the layered graph. It waits for both
     * nodes above it and its key depends on both, but its value only on {@code left}, so that a
     * changed root changes every value below it (no early cutoff) whatever the depth.
     */
    static final ElectronRef<Integer> COMBINE = ElectronRef.<Integer>builder(ID + "combine")
            .parameter("left", INT)
            .parameter("right", INT)
            .parameter("salt", INT)
            .returns(INT)
            .codeFingerprint("combine:left+1")
            .build(args -> inc((Integer) args[0]));

    /** {@code chain(root)}: {@link #NODES} calls of {@code inc}, each on the previous one's output. */
    public static final LatticeRef<Integer> CHAIN = lattice("chain", args -> chain((Integer) args[0]), "root");

    /** {@code fanout(root)}: {@link #NODES} branches on the root, then one {@code sum} over a list of them. */
    public static final LatticeRef<Integer> FANOUT = lattice("fanout", args -> fanout((Integer) args[0]), "root");

    /**
     * {@code layered(root, leaf)}: {@link #LAYER_WIDTH} layers of {@link #LAYER_WIDTH} nodes; node
     * {@code (l, i)} combines nodes {@code (l-1, i)} and {@code (l-1, i+1 mod width)}. Every node of
     * layer 0 reads {@code root}, so every node depends on it; only the last layer's node 0 reads
     * {@code leaf}.
     */
    public static final LatticeRef<Integer> LAYERED =
            lattice("layered", args -> layered((Integer) args[0], (Integer) args[1]), "root", "leaf");

    private Graphs() {}

    static int inc(int x) {
        return x + 1;
    }

    static int sum(List<Integer> xs) {
        int sum = 0;
        for (int x : xs) {
            sum += x;
        }
        return sum;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    private static LatticeRef<Integer> lattice(
            String name, java.util.function.Function<Object[], Workflow<Integer>> body, String... parameters) {
        LatticeRef.Builder<Integer> builder = LatticeRef.<Integer>builder(ID + name);
        for (String parameter : parameters) {
            builder.parameter(parameter, INT);
        }
        return builder.returns(INT).build(body);
    }

    /**
     * Builds the chain for a root value, as a generated graph builder would.
     *
     * @param root the input
     * @param nodes how many {@code inc} calls
     * @return the workflow
     */
    public static Workflow<Integer> chain(int root, int nodes) {
        Graph.Builder graph = Graph.builder();
        Handle<Integer> last = graph.input("root", root, INT);
        for (int i = 0; i < nodes; i++) {
            last = graph.call(INC, last);
        }
        return CHAIN.workflow(graph, last);
    }

    static Workflow<Integer> chain(int root) {
        return chain(root, NODES);
    }

    static Workflow<Integer> fanout(int root) {
        Graph.Builder graph = Graph.builder();
        Handle<Integer> in = graph.input("root", root, INT);
        List<Handle<Integer>> branches = new ArrayList<>(NODES);
        for (int i = 0; i < NODES; i++) {
            branches.add(graph.call(BRANCH, in, graph.constant(i, INT)));
        }
        return FANOUT.workflow(graph, graph.call(SUM, graph.<Integer>list(INT_LIST, branches)));
    }

    static Workflow<Integer> layered(int root, int leaf) {
        Graph.Builder graph = Graph.builder();
        Handle<Integer> in = graph.input("root", root, INT);
        Handle<Integer> leafInput = graph.input("leaf", leaf, INT);
        List<Handle<Integer>> above = new ArrayList<>(LAYER_WIDTH);
        for (int i = 0; i < LAYER_WIDTH; i++) {
            above.add(graph.call(COMBINE, in, in, graph.constant(i, INT)));
        }
        for (int layer = 1; layer < LAYER_WIDTH; layer++) {
            boolean last = layer == LAYER_WIDTH - 1;
            List<Handle<Integer>> current = new ArrayList<>(LAYER_WIDTH);
            for (int i = 0; i < LAYER_WIDTH; i++) {
                Handle<Integer> salt = last && i == 0 ? leafInput : graph.constant(layer * LAYER_WIDTH + i, INT);
                current.add(graph.call(COMBINE, above.get(i), above.get((i + 1) % LAYER_WIDTH), salt));
            }
            above = current;
        }
        // The other nodes of the last layer are unused results; they run all the same.
        return LAYERED.workflow(graph, above.get(0));
    }

    /** The graphs by name, for JMH parameters. */
    public enum Shape {
        /** {@link #CHAIN}. */
        CHAIN,
        /** {@link #FANOUT}. */
        FANOUT,
        /** {@link #LAYERED}, with the leaf input fixed at 0. */
        LAYERED;

        /**
         * @param name {@code chain}, {@code fanout} or {@code layered}
         * @return the shape
         */
        public static Shape of(String name) {
            return valueOf(name.toUpperCase(java.util.Locale.ROOT));
        }

        /**
         * @param root the root input
         * @return the Valence workflow for that input
         */
        public Workflow<Integer> workflow(int root) {
            switch (this) {
                case CHAIN:
                    return chain(root);
                case FANOUT:
                    return fanout(root);
                default:
                    return layered(root, 0);
            }
        }

        /**
         * Runs the same graph by hand with {@link CompletableFuture}s.
         *
         * @param root the root input
         * @param pool the executor, sized as Valence's pool
         * @return the same value the workflow gives
         */
        public int completableFuture(int root, Executor pool) {
            switch (this) {
                case CHAIN:
                    return chainByHand(root, pool);
                case FANOUT:
                    return fanoutByHand(root, pool);
                default:
                    return layeredByHand(root, pool);
            }
        }
    }

    static int chainByHand(int root, Executor pool) {
        CompletableFuture<Integer> last = CompletableFuture.supplyAsync(() -> root, pool);
        for (int i = 0; i < NODES; i++) {
            last = last.thenApplyAsync(Graphs::inc, pool);
        }
        return last.join();
    }

    static int fanoutByHand(int root, Executor pool) {
        CompletableFuture<Integer> in = CompletableFuture.supplyAsync(() -> root, pool);
        List<CompletableFuture<Integer>> branches = new ArrayList<>(NODES);
        for (int i = 0; i < NODES; i++) {
            branches.add(in.thenApplyAsync(Graphs::inc, pool));
        }
        return CompletableFuture.allOf(branches.toArray(new CompletableFuture<?>[0]))
                .thenApplyAsync(
                        done -> {
                            List<Integer> values = new ArrayList<>(NODES);
                            branches.forEach(branch -> values.add(branch.join()));
                            return sum(values);
                        },
                        pool)
                .join();
    }

    static int layeredByHand(int root, Executor pool) {
        CompletableFuture<Integer> in = CompletableFuture.supplyAsync(() -> root, pool);
        List<CompletableFuture<Integer>> above = new ArrayList<>(LAYER_WIDTH);
        for (int i = 0; i < LAYER_WIDTH; i++) {
            above.add(in.thenApplyAsync(Graphs::inc, pool));
        }
        for (int layer = 1; layer < LAYER_WIDTH; layer++) {
            List<CompletableFuture<Integer>> current = new ArrayList<>(LAYER_WIDTH);
            for (int i = 0; i < LAYER_WIDTH; i++) {
                current.add(above.get(i)
                        .thenCombineAsync(above.get((i + 1) % LAYER_WIDTH), (left, right) -> inc(left), pool));
            }
            above = current;
        }
        CompletableFuture.allOf(above.toArray(new CompletableFuture<?>[0])).join();
        return above.get(0).join();
    }
}
