package dev.valence.runtime;

/** What a node of a graph is; stored with every node record. */
public enum NodeKind {
    /** A parameter of the lattice, with the value given at dispatch. */
    INPUT,
    /** A constant, or a value the lattice body computed from its inputs while building the graph. */
    CONSTANT,
    /** A call of an electron. */
    ELECTRON,
    /**
     * A collection (list, array, map...) assembled from other nodes' values when the graph runs,
     * such as {@code List.of(a, b)} of two electron results passed to an electron.
     */
    COLLECTION,
    /**
     * A lattice called with an electron's result among its arguments: its graph is built when the
     * arguments are ready and runs as a child of the dispatch.
     */
    SUBLATTICE
}
