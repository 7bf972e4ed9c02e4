package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.DOUBLE;
import static dev.valence.runtime.api.Fixtures.INT;

import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Workflow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The design document's tutorial ({@code Arithmetic}), written by hand the way the processor
 * generates it: one {@link ElectronRef} per electron, one {@link LatticeRef} whose graph builder
 * turns {@code workflow(a, b)} into nodes. Each instance counts its own electron runs, so tests
 * can assert what ran, not only what came out.
 */
final class Arithmetic {
    static final String CLASS = "dev.valence.examples.Arithmetic";

    final AtomicInteger task0Runs = new AtomicInteger();
    final AtomicInteger task1Runs = new AtomicInteger();
    final AtomicInteger task2Runs = new AtomicInteger();
    final AtomicInteger task2RedefinedRuns = new AtomicInteger();

    /** {@code int task0(int a) { return a; }} */
    final ElectronRef<Integer> task0 = ElectronRef.<Integer>builder(CLASS + "#task0")
            .parameter("a", INT)
            .returns(INT)
            .codeFingerprint("fp-task0")
            .build(args -> {
                task0Runs.incrementAndGet();
                return (Integer) args[0];
            });

    /** {@code int task1(int a, int b) { return a + b; }} */
    final ElectronRef<Integer> task1 = ElectronRef.<Integer>builder(CLASS + "#task1")
            .parameter("a", INT)
            .parameter("b", INT)
            .returns(INT)
            .codeFingerprint("fp-task1")
            .build(args -> {
                task1Runs.incrementAndGet();
                return (Integer) args[0] + (Integer) args[1];
            });

    /** {@code double task2(int a, int b) { return (double) a / b; }} */
    final ElectronRef<Double> task2 = ElectronRef.<Double>builder(CLASS + "#task2")
            .parameter("a", INT)
            .parameter("b", INT)
            .returns(DOUBLE)
            .codeFingerprint("fp-task2")
            .build(args -> {
                task2Runs.incrementAndGet();
                return (double) (Integer) args[0] / (Integer) args[1];
            });

    /** {@code double task2Redefined(int a, int b) { return a * b; }} */
    final ElectronRef<Double> task2Redefined = ElectronRef.<Double>builder(CLASS + "#task2Redefined")
            .parameter("a", INT)
            .parameter("b", INT)
            .returns(DOUBLE)
            .codeFingerprint("fp-task2Redefined")
            .build(args -> {
                task2RedefinedRuns.incrementAndGet();
                return (double) ((Integer) args[0] * (Integer) args[1]);
            });

    /** {@code double workflow(int a, int b)}: task2(task1(task0(a), b), b). */
    final LatticeRef<Double> lattice = LatticeRef.<Double>builder(CLASS + "#workflow")
            .parameter("a", INT)
            .parameter("b", INT)
            .returns(DOUBLE)
            .build(args -> workflow((Integer) args[0], (Integer) args[1]));

    /** The generated {@code ArithmeticLattices.workflow(a, b)}. */
    Workflow<Double> workflow(int a, int b) {
        Graph.Builder graph = Graph.builder();
        Handle<Integer> inA = graph.input("a", a, INT);
        Handle<Integer> inB = graph.input("b", b, INT);
        Handle<Integer> res0 = graph.call(task0, inA);
        Handle<Integer> res1 = graph.call(task1, res0, inB);
        Handle<Double> res2 = graph.call(task2, res1, inB);
        return lattice.workflow(graph, res2);
    }

    /** Total electron runs of this instance. */
    int runs() {
        return task0Runs.get() + task1Runs.get() + task2Runs.get() + task2RedefinedRuns.get();
    }
}
