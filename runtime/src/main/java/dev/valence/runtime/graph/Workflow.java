package dev.valence.runtime.graph;

import dev.valence.runtime.NodeKind;
import dev.valence.runtime.Valence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A lattice's graph built for concrete inputs, ready to dispatch with {@link Valence#dispatch}.
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
    public List<Graph.Node> inputs() {
        List<Graph.Node> inputs = new ArrayList<>();
        for (Graph.Node node : graph.nodes()) {
            if (node.kind() == NodeKind.INPUT) {
                inputs.add(node);
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
