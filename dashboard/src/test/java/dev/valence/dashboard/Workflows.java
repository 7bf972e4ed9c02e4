package dev.valence.dashboard;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Hand-built lattices for the dashboard's tests, made the way generated code makes them (through
 * {@link ElectronRef#builder}, {@link LatticeRef#builder} and {@link Graph#builder()}).
 */
final class Workflows {
    static final String INT = "java.lang.Integer";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Workflows() {}

    static ElectronRef<Integer> electron(String name, ElectronRef.Invoker body) {
        return ElectronRef.<Integer>builder("dev.valence.dashboard.Hand#" + name)
                .parameter("x", INT)
                .returns(INT)
                .codeFingerprint("code-of-" + name) // generated code passes a hash of the method's bytecode
                .build(body);
    }

    /** A lattice of one integer input whose body adds the calls. */
    static LatticeRef<Integer> lattice(
            String name, java.util.function.BiFunction<Graph.Builder, Handle<Integer>, Handle<Integer>> body) {
        List<LatticeRef<Integer>> self = new ArrayList<>(1);
        LatticeRef<Integer> lattice = LatticeRef.<Integer>builder("dev.valence.dashboard.Hand#" + name)
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    Graph.Builder graph = Graph.builder();
                    Handle<Integer> input = graph.input("x", (Integer) args[0], INT);
                    return self.get(0).workflow(graph, body.apply(graph, input));
                });
        self.add(lattice);
        return lattice;
    }

    /** x -> prepare -> refine(sublattice: square -> total) -> total: a sublattice to show inside the graph. */
    static Workflow<Integer> nested(int x) {
        ElectronRef<Integer> prepare = electron("prepare", args -> (Integer) args[0] + 1);
        ElectronRef<Integer> square = electron("square", args -> (Integer) args[0] * (Integer) args[0]);
        ElectronRef<Integer> total = electron("total", args -> (Integer) args[0] + 1);
        LatticeRef<Integer> refine = lattice("refine", (graph, input) -> graph.call(total, graph.call(square, input)));
        return lattice(
                        "nested",
                        (graph, input) -> graph.call(total, graph.sublattice(refine, graph.call(prepare, input))))
                .workflow(x);
    }

    /** x -> prepare (prints) -> square -> total: prints to stdout, so the panel has output to show. */
    static Workflow<Integer> chatty(int x) {
        ElectronRef<Integer> prepare = electron("prepare", args -> {
            System.out.println("preparing " + args[0]);
            return (Integer) args[0] + 1;
        });
        ElectronRef<Integer> square = electron("square", args -> (Integer) args[0] * (Integer) args[0]);
        ElectronRef<Integer> total = electron("total", args -> (Integer) args[0] + 1);
        return lattice("chatty", (graph, input) -> graph.call(total, graph.call(square, graph.call(prepare, input))))
                .workflow(x);
    }

    /** x -> explode, which fails with a stack trace. */
    static Workflow<Integer> failing(int x) {
        ElectronRef<Integer> explode = electron("explode", args -> {
            throw new IllegalStateException("no luck with " + args[0]);
        });
        return lattice("failing", (graph, input) -> graph.call(explode, input)).workflow(x);
    }

    /** x -> quick -> held (waits for the latch) -> after: a dispatch the test holds running. */
    static Workflow<Integer> held(int x, CountDownLatch release) {
        ElectronRef<Integer> quick = electron("quick", args -> (Integer) args[0] + 1);
        ElectronRef<Integer> held = electron("held", args -> {
            if (!release.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("test latch not released within " + PATIENCE);
            }
            return (Integer) args[0];
        });
        ElectronRef<Integer> after = electron("after", args -> (Integer) args[0] * 2);
        return lattice("held", (graph, input) -> graph.call(after, graph.call(held, graph.call(quick, input))))
                .workflow(x);
    }

    /**
     * About {@code size} nodes: {@code size - 2} electron nodes in layers of 100, each taking one
     * argument from the layer above, then a sum.
     */
    static Workflow<Integer> wide(int size) {
        ElectronRef<Integer> step = electron("step", args -> (Integer) args[0] + 1);
        ElectronRef<Integer> last = electron("last", args -> (Integer) args[0]);
        return lattice("wide", (graph, input) -> {
                    List<Handle<Integer>> layer = new ArrayList<>();
                    layer.add(input);
                    int made = 0;
                    int width = 100;
                    while (made < size - 2) {
                        List<Handle<Integer>> next = new ArrayList<>(width);
                        for (int i = 0; i < width && made < size - 2; i++, made++) {
                            next.add(graph.call(step, layer.get(i % layer.size())));
                        }
                        layer = next;
                    }
                    return graph.call(last, layer.get(0));
                })
                .workflow(1);
    }

    /**
     * x -> load (prints) -> simulate for each seed (prints) -> summarize: the shape of the README's
     * screenshot. Seeds run again reuse their simulate node.
     */
    static Workflow<Integer> sweep(int x, int seeds) {
        ElectronRef<Integer> load = electron("load", args -> {
            System.out.println("loading dataset " + args[0]);
            return (Integer) args[0] * 10;
        });
        ElectronRef<Integer> simulate = ElectronRef.<Integer>builder("dev.valence.dashboard.Hand#simulate")
                .parameter("data", INT)
                .parameter("seed", INT)
                .returns(INT)
                .build(args -> {
                    int score = ((Integer) args[0] * 31 + (Integer) args[1] * 17) % 100;
                    System.out.println("seed " + args[1] + ": 1000 steps, score " + score);
                    Thread.sleep(20L * (Integer) args[1]);
                    return score;
                });
        ElectronRef<Integer> summarize = ElectronRef.<Integer>builder("dev.valence.dashboard.Hand#summarize")
                .parameter("scores", "java.util.List<java.lang.Integer>")
                .returns(INT)
                .build(args -> {
                    @SuppressWarnings("unchecked")
                    List<Integer> scores = (List<Integer>) args[0];
                    return scores.stream().mapToInt(Integer::intValue).max().orElse(0);
                });
        return lattice("sweep", (graph, input) -> {
                    Handle<Integer> data = graph.call(load, input);
                    List<Handle<Integer>> scores = new ArrayList<>();
                    for (int seed = 1; seed <= seeds; seed++) {
                        scores.add(graph.call(simulate, data, graph.constant(seed, INT)));
                    }
                    return graph.call(summarize, graph.list("java.util.List<java.lang.Integer>", scores));
                })
                .workflow(x);
    }

    static <R> DispatchResult<R> finish(Dispatch<R> dispatch) {
        return dispatch.await(PATIENCE)
                .orElseThrow(() -> new AssertionError("dispatch " + dispatch.id() + " did not end within " + PATIENCE));
    }
}
