package sweep;

import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Workflow;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Graph builders for the {@code @Lattice} methods of {@link Sweep}: each returns the lattice's
 * graph for the given inputs, ready to dispatch.
 */
@Generated("dev.valence.processor.ValenceProcessor")
public final class SweepLattices {
    /**
     * The reference to the lattice {@link Sweep#refine(double, double)}.
     */
    private static final LatticeRef<Double> REFINE = LatticeRef.<Double>builder("sweep.Sweep#refine")
            .name("refine")
            .parameter("center", "java.lang.Double")
            .parameter("step", "java.lang.Double")
            .returns("java.lang.Double")
            .catalog("sweep.SweepLattices$Catalog")
            .build(args -> refine((Double) args[0], (Double) args[1]));

    /**
     * The reference to the lattice {@link Sweep#sweep(List)}.
     */
    @SuppressWarnings("unchecked")
    private static final LatticeRef<Double> SWEEP = LatticeRef.<Double>builder("sweep.Sweep#sweep")
            .name("sweep")
            .parameter("parameters", "java.util.List<java.lang.Double>")
            .returns("java.lang.Double")
            .catalog("sweep.SweepLattices$Catalog")
            .build(args -> sweep((List<Double>) args[0]));

    /**
     * Not instantiated: static members only.
     */
    private SweepLattices() {
    }

    /**
     * Builds the graph of {@link Sweep#refine(double, double)} for the given inputs.
     *
     * @param center the value of the lattice's parameter {@code center}
     * @param step the value of the lattice's parameter {@code step}
     * @return the workflow, ready to dispatch
     */
    public static Workflow<Double> refine(double center, double step) {
        Graph.Builder graph = Graph.builder();
        graph.input("center", center, "java.lang.Double");
        graph.input("step", step, "java.lang.Double");
        return REFINE.workflow(graph, buildRefine(graph, center, step));
    }

    /**
     * Adds the nodes of {@link Sweep#refine(double, double)} to the graph of a lattice that calls it with plain
     * values; its parameters become constant nodes of that graph.
     *
     * @param graph the calling lattice's graph
     * @param center the value of the lattice's parameter {@code center}
     * @param step the value of the lattice's parameter {@code step}
     * @return the handle on its result
     */
    public static Handle<Double> expandRefine(Graph.Builder graph, double center, double step) {
        return buildRefine(graph, center, step);
    }

    /**
     * The body of {@link Sweep#refine(double, double)}, adding its nodes to {@code graph}.
     *
     * @param graph the graph being built
     * @param center the value of the lattice's parameter {@code center}
     * @param step the value of the lattice's parameter {@code step}
     * @return the handle on its result
     */
    private static Handle<Double> buildRefine(Graph.Builder graph, double center, double step) {
        List<Double> parameters = new ArrayList<>();
        List<Handle<Double>> scores = new ArrayList<>();
        for (int i = -Sweep.POINTS; i <= Sweep.POINTS; i++) {
            double parameter = center + i * step;
            parameters.add(parameter);
            scores.add(graph.call(SweepElectrons.score(), graph.constant(parameter, "java.lang.Double")));
        }
        return graph.call(SweepElectrons.best(), graph.constant(parameters, "java.util.List<java.lang.Double>"), graph.list("java.util.List<java.lang.Double>", scores));
    }

    /**
     * The reference to the lattice refine.
     *
     * @return the reference, e.g. for the runtime's catalog
     */
    public static LatticeRef<Double> refineLattice() {
        return REFINE;
    }

    /**
     * Builds the graph of {@link Sweep#sweep(List)} for the given inputs.
     *
     * @param parameters the value of the lattice's parameter {@code parameters}
     * @return the workflow, ready to dispatch
     */
    public static Workflow<Double> sweep(List<Double> parameters) {
        Graph.Builder graph = Graph.builder();
        Handle<List<Double>> parametersInput = graph.input("parameters", parameters, "java.util.List<java.lang.Double>");
        return SWEEP.workflow(graph, buildSweep(graph, parameters, parametersInput));
    }

    /**
     * Adds the nodes of {@link Sweep#sweep(List)} to the graph of a lattice that calls it with plain
     * values; its parameters become constant nodes of that graph.
     *
     * @param graph the calling lattice's graph
     * @param parameters the value of the lattice's parameter {@code parameters}
     * @return the handle on its result
     */
    public static Handle<Double> expandSweep(Graph.Builder graph, List<Double> parameters) {
        return buildSweep(graph, parameters, graph.constant(parameters, "java.util.List<java.lang.Double>"));
    }

    /**
     * The body of {@link Sweep#sweep(List)}, adding its nodes to {@code graph}.
     *
     * @param graph the graph being built
     * @param parameters the value of the lattice's parameter {@code parameters}
     * @param parametersInput the node of the lattice's parameter {@code parameters}
     * @return the handle on its result
     */
    private static Handle<Double> buildSweep(Graph.Builder graph, List<Double> parameters,
            Handle<List<Double>> parametersInput) {
        List<Handle<Double>> scores = new ArrayList<>();
        for (double parameter : parameters) {
            scores.add(graph.call(SweepElectrons.score(), graph.constant(parameter, "java.lang.Double")));
        }
        Handle<Double> first = graph.call(SweepElectrons.best(), parametersInput, graph.list("java.util.List<java.lang.Double>", scores));
        return graph.sublattice(SweepLattices.refineLattice(), first, graph.constant(0.1, "java.lang.Double"));
    }

    /**
     * The reference to the lattice sweep.
     *
     * @return the reference, e.g. for the runtime's catalog
     */
    public static LatticeRef<Double> sweepLattice() {
        return SWEEP;
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
            return List.of(REFINE, SWEEP);
        }
    }
}
