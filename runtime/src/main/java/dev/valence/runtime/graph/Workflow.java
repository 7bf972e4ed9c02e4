package dev.valence.runtime.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A lattice's graph built for concrete inputs, ready to dispatch with {@code Valence.dispatch}.
 * Immutable.
 *
 * @param <R> the type of the lattice's result
 */
public final class Workflow<R> {
    private final LatticeRef<R> lattice;
    private final Graph graph;
    private final int output;

    Workflow(LatticeRef<R> lattice, Graph graph, int output) {
        this.lattice = Objects.requireNonNull(lattice, "lattice");
        this.graph = Objects.requireNonNull(graph, "graph");
        this.output = output;
    }

    /** @return the lattice this workflow was built from */
    public LatticeRef<R> lattice() {
        return lattice;
    }

    /** @return the graph */
    public Graph graph() {
        return graph;
    }

    /** @return the index of the node whose value is the workflow's result */
    public int output() {
        return output;
    }

    /** @return the input nodes, in the order the lattice declares its parameters */
    public List<Node.Input> inputs() {
        List<Node.Input> inputs = new ArrayList<>();
        for (Node node : graph.nodes()) {
            if (node instanceof Node.Input input) {
                inputs.add(input);
            }
        }
        return inputs;
    }

    Workflow<R> withGraph(Graph replaced) {
        return replaced == graph ? this : new Workflow<>(lattice, replaced, output);
    }

    @Override
    public String toString() {
        return "Workflow[" + lattice.id() + ", " + graph.nodes().size() + " nodes]";
    }
}
