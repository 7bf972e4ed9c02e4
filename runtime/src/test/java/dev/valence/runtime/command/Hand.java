package dev.valence.runtime.command;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.ElectronRef;
import dev.valence.runtime.Graph;
import dev.valence.runtime.Handle;
import dev.valence.runtime.LatticeRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-made electrons and lattices for the command tests, built through the public API exactly as
 * generated code builds them.
 */
final class Hand {
    static final String RESULT = CommandResult.class.getName();
    static final String PATH = "java.nio.file.Path";
    static final String INT = "java.lang.Integer";
    static final String LONG = "java.lang.Long";
    static final String STRING = "java.lang.String";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Hand() {}

    /** A lattice's body: adds the calls to a graph whose inputs are given. */
    @FunctionalInterface
    interface Body<R> {
        Handle<R> build(Graph.Builder graph, List<Handle<Object>> inputs);
    }

    static <R> ElectronRef.Builder<R> electron(String name, String returns, String... parameterTypes) {
        ElectronRef.Builder<R> builder = ElectronRef.<R>builder("dev.valence.runtime.command.Hand#" + name)
                .returns(returns);
        for (int i = 0; i < parameterTypes.length; i++) {
            builder.parameter("a" + i, parameterTypes[i]);
        }
        return builder;
    }

    static <R> LatticeRef<R> lattice(String name, String returnType, Body<R> body, String... parameterTypes) {
        LatticeRef.Builder<R> builder = LatticeRef.<R>builder("dev.valence.runtime.command.Hand#" + name);
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

    static <R> DispatchResult<R> finish(Dispatch<R> dispatch) {
        return dispatch.await(PATIENCE)
                .orElseThrow(() -> new AssertionError("dispatch " + dispatch.id() + " did not end within " + PATIENCE));
    }
}
