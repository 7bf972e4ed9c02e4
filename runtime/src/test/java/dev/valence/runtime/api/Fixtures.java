package dev.valence.runtime.api;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Helpers shared by the dispatch tests. They build graphs exactly as generated code does (through
 * {@link ElectronRef#builder}, {@link LatticeRef#builder}, {@link Graph#builder()} and {@link
 * LatticeRef#workflow(Graph.Builder, Handle)}), and wait with generous timeouts so that a scheduler
 * bug fails a test instead of hanging the build.
 *
 * <p>The tests live outside {@code dev.valence.runtime} on purpose: like generated code, they can
 * only use the public API.
 */
public final class Fixtures {
    static final String INT = "java.lang.Integer";
    static final String LONG = "java.lang.Long";
    static final String DOUBLE = "java.lang.Double";
    static final String STRING = "java.lang.String";

    /** Long enough never to trip on a slow machine; reached only when something is broken. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    private Fixtures() {}

    /** Starts an electron whose id looks like a generated one: {@code <class>#<method>}. */
    static <R> ElectronRef.Builder<R> electron(String name) {
        return ElectronRef.builder("dev.valence.runtime.api.Hand#" + name);
    }

    /** Builds a lattice's graph from its inputs, as a generated graph builder does. */
    @FunctionalInterface
    public interface Body<R> {
        Handle<R> build(Graph.Builder graph, List<Handle<Object>> inputs);
    }

    /** Builds a lattice's graph from its inputs' handles and values, as a body with loops over inputs does. */
    @FunctionalInterface
    interface BodyOverValues<R> {
        Handle<R> build(Graph.Builder graph, List<Handle<Object>> inputs, Object[] values);
    }

    /**
     * A hand-made lattice whose body also reads its inputs' values while the graph is built (loops
     * and conditions over inputs), as generated graph builders do.
     */
    static <R> LatticeRef<R> latticeOverValues(
            String name, String returnType, BodyOverValues<R> body, String... parameterTypes) {
        Object[][] values = new Object[1][];
        LatticeRef<R> inner =
                lattice(name, returnType, (graph, in) -> body.build(graph, in, values[0]), parameterTypes);
        LatticeRef.Builder<R> builder = LatticeRef.<R>builder(inner.id());
        inner.parameters().forEach(parameter -> builder.parameter(parameter.name(), parameter.type()));
        return builder.returns(returnType).build(args -> {
            synchronized (values) {
                values[0] = args;
                return inner.workflow(args);
            }
        });
    }

    /**
     * A hand-made lattice with inputs {@code p0, p1, ...} of the given types. Its graph builder adds
     * the inputs, lets {@code body} add the calls, and finishes with {@code lattice.workflow(graph,
     * output)}, as generated code does.
     */
    public static <R> LatticeRef<R> lattice(String name, String returnType, Body<R> body, String... parameterTypes) {
        LatticeRef.Builder<R> builder = LatticeRef.<R>builder("dev.valence.runtime.api.Hand#" + name);
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

    /** Waits for a dispatch to end, failing the test if it does not within {@link #PATIENCE}. */
    public static <R> DispatchResult<R> finish(Dispatch<R> dispatch) {
        return finish(dispatch, PATIENCE);
    }

    /** Waits for a dispatch to end, failing the test if it does not within {@code patience}. */
    public static <R> DispatchResult<R> finish(Dispatch<R> dispatch, Duration patience) {
        return dispatch.await(patience)
                .orElseThrow(() -> new AssertionError("dispatch " + dispatch.id() + " did not end within " + patience));
    }

    /** Waits on a latch inside a test thread, failing instead of hanging. */
    static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "latch not released within " + PATIENCE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted", e);
        }
    }

    /**
     * Waits on a latch inside an electron. Throws (failing the node) when not released in time, so a
     * broken test ends instead of blocking a worker forever.
     */
    static void block(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("test latch not released within " + PATIENCE);
        }
    }
}
