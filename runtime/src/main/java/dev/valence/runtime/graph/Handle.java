package dev.valence.runtime.graph;

/**
 * A typed reference to a node of a graph under construction: a lattice input, a constant or an
 * electron's output. Generated graph builders pass handles from one call to the next; a handle
 * belongs to the {@link Graph.Builder} that made it.
 *
 * @param <T> the type of the node's value
 */
public final class Handle<T> {
    private final Graph.Builder owner;
    private final int index;

    Handle(Graph.Builder owner, int index) {
        this.owner = owner;
        this.index = index;
    }

    Graph.Builder owner() {
        return owner;
    }

    /** @return the node's index in its graph */
    public int index() {
        return index;
    }

    @Override
    public String toString() {
        return "Handle[" + index + "]";
    }
}
