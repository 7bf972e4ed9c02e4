package dev.valence.cli;

import dev.valence.runtime.command.Command;
import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lattices built by hand, as generated code builds them (no processor here): through {@link
 * ElectronRef#builder}, {@link LatticeRef#builder} and {@link Graph#builder()}.
 */
final class Lattices {
    static final String INT = "java.lang.Integer";

    private Lattices() {}

    /** Builds a lattice's graph from its inputs' handles. */
    @FunctionalInterface
    interface Body<R> {
        Handle<R> build(Graph.Builder graph, List<Handle<Object>> inputs);
    }

    static <R> ElectronRef.Builder<R> electron(String name) {
        return ElectronRef.builder("dev.valence.cli.Hand#" + name);
    }

    /** A lattice with inputs {@code p0, p1, ...}, finished with {@code workflow(graph, output)} as generated code does. */
    static <R> LatticeRef<R> lattice(String name, String returnType, Body<R> body, String... parameterTypes) {
        LatticeRef.Builder<R> builder = LatticeRef.<R>builder("dev.valence.cli.Hand#" + name);
        for (int i = 0; i < parameterTypes.length; i++) {
            builder.parameter("p" + i, parameterTypes[i]);
        }
        List<LatticeRef<R>> self = new ArrayList<>(1);
        LatticeRef<R> lattice = builder.returns(returnType).build(args -> {
            Graph.Builder graph = Graph.builder();
            List<Handle<Object>> inputs = new ArrayList<>(args.length);
            for (int i = 0; i < args.length; i++) {
                inputs.add(graph.input("p" + i, args[i], parameterTypes[i]));
            }
            return self.get(0).workflow(graph, body.build(graph, inputs));
        });
        self.add(lattice);
        return lattice;
    }

    /** {@code twice(add(p0, p1))}; {@code add} prints a line on each stream. */
    static LatticeRef<Integer> arithmetic() {
        ElectronRef<Integer> add = Lattices.<Integer>electron("add")
                .parameter("a", INT)
                .parameter("b", INT)
                .returns(INT)
                .build(args -> {
                    System.out.println("adding " + args[0] + " and " + args[1]);
                    System.err.println("a warning from add");
                    return (Integer) args[0] + (Integer) args[1];
                });
        ElectronRef<Integer> twice = Lattices.<Integer>electron("twice")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> 2 * (Integer) args[0]);
        return lattice(
                "arithmetic", INT, (graph, in) -> graph.call(twice, graph.call(add, in.get(0), in.get(1))), INT, INT);
    }

    /** {@code inner(inc(p0))}, where {@code inner} is a lattice run as a child dispatch: {@code twice(p0)}. */
    static LatticeRef<Integer> nested() {
        ElectronRef<Integer> inc = Lattices.<Integer>electron("inc")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> (Integer) args[0] + 1);
        ElectronRef<Integer> twice = Lattices.<Integer>electron("twice")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> 2 * (Integer) args[0]);
        LatticeRef<Integer> inner = lattice("inner", INT, (graph, in) -> graph.call(twice, in.get(0)), INT);
        return lattice("nested", INT, (graph, in) -> graph.sublattice(inner, graph.call(inc, in.get(0))), INT);
    }

    /** One electron that throws. */
    static LatticeRef<Integer> failing() {
        ElectronRef<Integer> broken = Lattices.<Integer>electron("broken")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    throw new IllegalStateException("broken on purpose");
                });
        return lattice("failing", INT, (graph, in) -> graph.call(broken, in.get(0)), INT);
    }

    /**
     * {@code after(wait(p0))}: {@code wait} counts {@code started} down and returns when {@code
     * release} is, so the test decides when the dispatch ends; it fails (never hangs) after a minute.
     */
    static LatticeRef<Integer> blocking(CountDownLatch started, CountDownLatch release) {
        ElectronRef<Integer> wait = Lattices.<Integer>electron("wait")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    started.countDown();
                    if (!release.await(Cli.PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("test latch not released");
                    }
                    return (Integer) args[0];
                });
        ElectronRef<Integer> after = Lattices.<Integer>electron("after")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> (Integer) args[0] + 1);
        return lattice("blocking", INT, (graph, in) -> graph.call(after, graph.call(wait, in.get(0))), INT);
    }

    /** One electron that runs a program printing a line on each stream. */
    static LatticeRef<CommandResult> command() {
        ElectronRef<CommandResult> shell = Lattices.<CommandResult>electron("shell")
                .parameter("x", INT)
                .returns(CommandResult.class.getName())
                .build(args -> Command.of("sh", "-c", "echo command out " + args[0] + "; echo command err >&2")
                        .run());
        return lattice("command", CommandResult.class.getName(), (graph, in) -> graph.call(shell, in.get(0)), INT);
    }
}
