package dev.valence.runtime.graph;

import dev.valence.runtime.NodeKind;
import java.util.List;
import java.util.Objects;

/**
 * One node of a {@link Graph}: a record per kind, so each carries exactly what its kind has (an
 * input its value, a call its electron, a sublattice its lattice) and nothing is null by kind.
 * Every node has a name results are read by: the input's name, or the electron's name with {@code
 * #2}, {@code #3} ... appended for later calls of the same electron.
 */
public sealed interface Node permits Node.Literal, Node.Step, Node.Sublattice {

    /** @return the node's position in the graph */
    int index();

    /** @return what the node is */
    NodeKind kind();

    /** @return the name results are read by */
    String name();

    /** @return the canonical generic type of the node's value */
    String type();

    /** @return indexes of the argument nodes, in order; empty for inputs and constants */
    List<Integer> arguments();

    /** A node whose value is known when the graph is built: an input or a constant. */
    sealed interface Literal extends Node permits Input, Constant {
        /** @return the value, possibly null */
        Object value();

        @Override
        default List<Integer> arguments() {
            return List.of();
        }
    }

    /** A node that runs a step when the graph runs: an electron call, or the assembly of a collection. */
    sealed interface Step extends Node permits Call, Collection {
        /** @return the electron the step runs (for a collection, the runtime's assembling step) */
        ElectronRef<?> electron();
    }

    /**
     * A parameter of the lattice, with the value given at dispatch.
     *
     * @param index the node's position
     * @param name the parameter's name
     * @param type the canonical type
     * @param value the value
     */
    record Input(int index, String name, String type, Object value) implements Literal {
        @Override
        public NodeKind kind() {
            return NodeKind.INPUT;
        }
    }

    /**
     * A constant, or a value the lattice body computed from its inputs while building the graph.
     *
     * @param index the node's position
     * @param name {@code constant#<index>}
     * @param type the canonical type
     * @param value the value
     */
    record Constant(int index, String name, String type, Object value) implements Literal {
        @Override
        public NodeKind kind() {
            return NodeKind.CONSTANT;
        }
    }

    /**
     * A call of an electron.
     *
     * @param index the node's position
     * @param name the electron's name, numbered after the first call
     * @param type the canonical type of the result at this call
     * @param electron the electron called
     * @param arguments indexes of the argument nodes, one per parameter
     */
    record Call(int index, String name, String type, ElectronRef<?> electron, List<Integer> arguments) implements Step {
        /**
         * Copies the argument list: nodes are immutable.
         *
         * @param index the node's position
         * @param name the electron's name, numbered after the first call
         * @param type the canonical type of the result at this call
         * @param electron the electron called
         * @param arguments indexes of the argument nodes, one per parameter
         */
        public Call {
            Objects.requireNonNull(electron, "electron");
            arguments = List.copyOf(arguments);
        }

        @Override
        public NodeKind kind() {
            return NodeKind.ELECTRON;
        }
    }

    /**
     * A collection (list, array, map...) assembled from other nodes' values when the graph runs,
     * such as {@code List.of(a, b)} of two electron results passed to an electron.
     *
     * @param index the node's position
     * @param name {@code collection}, numbered after the first
     * @param type the collection's canonical type
     * @param electron the runtime's assembling step
     * @param arguments indexes of the parts
     */
    record Collection(int index, String name, String type, ElectronRef<?> electron, List<Integer> arguments)
            implements Step {
        /**
         * Copies the argument list: nodes are immutable.
         *
         * @param index the node's position
         * @param name {@code collection}, numbered after the first
         * @param type the collection's canonical type
         * @param electron the runtime's assembling step
         * @param arguments indexes of the parts
         */
        public Collection {
            Objects.requireNonNull(electron, "electron");
            arguments = List.copyOf(arguments);
        }

        @Override
        public NodeKind kind() {
            return NodeKind.COLLECTION;
        }
    }

    /**
     * A lattice called with an electron's result among its arguments: its graph is built when the
     * arguments are ready and runs as a child of the dispatch.
     *
     * @param index the node's position
     * @param name the lattice's name, numbered after the first call
     * @param type the lattice's result type
     * @param lattice the lattice to build and run
     * @param arguments indexes of the argument nodes, one per parameter
     */
    record Sublattice(int index, String name, String type, LatticeRef<?> lattice, List<Integer> arguments)
            implements Node {
        /**
         * Copies the argument list: nodes are immutable.
         *
         * @param index the node's position
         * @param name the lattice's name, numbered after the first call
         * @param type the lattice's result type
         * @param lattice the lattice to build and run
         * @param arguments indexes of the argument nodes, one per parameter
         */
        public Sublattice {
            Objects.requireNonNull(lattice, "lattice");
            arguments = List.copyOf(arguments);
        }

        @Override
        public NodeKind kind() {
            return NodeKind.SUBLATTICE;
        }
    }
}
