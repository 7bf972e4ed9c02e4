package render;

import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Workflow;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Generated;

/**
 * Graph builders for the {@code @Lattice} methods of {@link Render}: each returns the lattice's
 * graph for the given inputs, ready to dispatch.
 */
@Generated("dev.valence.processor.ValenceProcessor")
public final class RenderLattices {
    /**
     * The reference to the lattice {@link Render#movie(int[], String)}.
     */
    private static final LatticeRef<Double> MOVIE = LatticeRef.<Double>builder("render.Render#movie")
            .name("movie")
            .parameter("frames", "int[]")
            .parameter("scene", "java.lang.String")
            .returns("java.lang.Double")
            .catalog("render.RenderLattices$Catalog")
            .build(args -> movie((int[]) args[0], (String) args[1]));

    /**
     * Not instantiated: static members only.
     */
    private RenderLattices() {
    }

    /**
     * Builds the graph of {@link Render#movie(int[], String)} for the given inputs.
     *
     * @param frames the value of the lattice's parameter {@code frames}
     * @param scene the value of the lattice's parameter {@code scene}
     * @return the workflow, ready to dispatch
     */
    public static Workflow<Double> movie(int[] frames, String scene) {
        Graph.Builder graph = Graph.builder();
        graph.input("frames", frames, "int[]");
        Handle<String> sceneInput = graph.input("scene", scene, "java.lang.String");
        return MOVIE.workflow(graph, buildMovie(graph, frames, sceneInput));
    }

    /**
     * Adds the nodes of {@link Render#movie(int[], String)} to the graph of a lattice that calls it with plain
     * values; its parameters become constant nodes of that graph.
     *
     * @param graph the calling lattice's graph
     * @param frames the value of the lattice's parameter {@code frames}
     * @param scene the value of the lattice's parameter {@code scene}
     * @return the handle on its result
     */
    public static Handle<Double> expandMovie(Graph.Builder graph, int[] frames, String scene) {
        return buildMovie(graph, frames, graph.constant(scene, "java.lang.String"));
    }

    /**
     * The body of {@link Render#movie(int[], String)}, adding its nodes to {@code graph}.
     *
     * @param graph the graph being built
     * @param frames the value of the lattice's parameter {@code frames}
     * @param sceneInput the node of the lattice's parameter {@code scene}
     * @return the handle on its result
     */
    private static Handle<Double> buildMovie(Graph.Builder graph, int[] frames,
            Handle<String> sceneInput) {
        List<Handle<Double>> images = new ArrayList<>();
        for (int frame : frames) {
            // each frame is a node of its own
            Handle<Double> image = graph.call(RenderElectrons.render(), graph.constant(frame, "java.lang.Integer"), sceneInput);
            images.add(image);
        }
        return graph.call(RenderElectrons.total(), graph.list("java.util.List<java.lang.Double>", images));
    }

    /**
     * The reference to the lattice movie.
     *
     * @return the reference, e.g. for the runtime's catalog
     */
    public static LatticeRef<Double> movieLattice() {
        return MOVIE;
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
            return List.of(MOVIE);
        }
    }
}
