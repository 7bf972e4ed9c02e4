package dev.valence.examples;

import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Workflow;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Graph builders for the {@code @Lattice} methods of {@link Arithmetic}: each returns the lattice's
 * graph for the given inputs, ready to dispatch.
 */
@Generated("dev.valence.processor.ValenceProcessor")
public final class ArithmeticLattices {
    /**
     * The reference to the lattice {@link Arithmetic#workflow(int, int)}.
     */
    private static final LatticeRef<Double> WORKFLOW = LatticeRef.<Double>builder("dev.valence.examples.Arithmetic#workflow")
            .name("workflow")
            .parameter("a", "java.lang.Integer")
            .parameter("b", "java.lang.Integer")
            .returns("java.lang.Double")
            .catalog("dev.valence.examples.ArithmeticLattices$Catalog")
            .build(args -> workflow((Integer) args[0], (Integer) args[1]));

    /**
     * Not instantiated: static members only.
     */
    private ArithmeticLattices() {
    }

    /**
     * Builds the graph of {@link Arithmetic#workflow(int, int)} for the given inputs.
     *
     * @param a the value of the lattice's parameter {@code a}
     * @param b the value of the lattice's parameter {@code b}
     * @return the workflow, ready to dispatch
     */
    public static Workflow<Double> workflow(int a, int b) {
        Graph.Builder graph = Graph.builder();
        Handle<Integer> aInput = graph.input("a", a, "java.lang.Integer");
        Handle<Integer> bInput = graph.input("b", b, "java.lang.Integer");
        return WORKFLOW.workflow(graph, buildWorkflow(graph, aInput, bInput));
    }

    /**
     * Adds the nodes of {@link Arithmetic#workflow(int, int)} to the graph of a lattice that calls it with plain
     * values; its parameters become constant nodes of that graph.
     *
     * @param graph the calling lattice's graph
     * @param a the value of the lattice's parameter {@code a}
     * @param b the value of the lattice's parameter {@code b}
     * @return the handle on its result
     */
    public static Handle<Double> expandWorkflow(Graph.Builder graph, int a, int b) {
        return buildWorkflow(graph, graph.constant(a, "java.lang.Integer"), graph.constant(b, "java.lang.Integer"));
    }

    /**
     * The body of {@link Arithmetic#workflow(int, int)}, adding its nodes to {@code graph}.
     *
     * @param graph the graph being built
     * @param aInput the node of the lattice's parameter {@code a}
     * @param bInput the node of the lattice's parameter {@code b}
     * @return the handle on its result
     */
    private static Handle<Double> buildWorkflow(Graph.Builder graph, Handle<Integer> aInput,
            Handle<Integer> bInput) {
        Handle<Integer> res0 = graph.call(ArithmeticElectrons.task0(), aInput);
        Handle<Integer> res1 = graph.call(ArithmeticElectrons.task1(), res0, bInput);
        return graph.call(ArithmeticElectrons.task2(), res1, bInput);
    }

    /**
     * The reference to the lattice workflow.
     *
     * @return the reference, e.g. for the runtime's catalog
     */
    public static LatticeRef<Double> workflowLattice() {
        return WORKFLOW;
    }

    /**
     * Lists this class's lattices for the runtime, which loads it by name to redispatch
     * stored dispatches.
     */
    public static final class Catalog implements dev.valence.runtime.graph.Catalog {
        /**
         * Made by the runtime, by name.
         */
        public Catalog() {
        }

        @Override
        public List<LatticeRef<?>> lattices() {
            return List.of(WORKFLOW);
        }
    }
}
