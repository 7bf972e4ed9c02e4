package dev.valence.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable directed acyclic graph of nodes: lattice inputs, constants and electron calls.
 * Nodes are kept in the order they were added, which is a topological order: a call's arguments
 * are always earlier nodes.
 *
 * <p>Generated graph builders make graphs through {@link #builder()}; the same typed API builds
 * them by hand.
 */
public final class Graph {

    /** What a node is. */
    public enum Kind {
        /** A parameter of the lattice, with the value given at dispatch. */
        INPUT,
        /** A constant written in the lattice body. */
        CONSTANT,
        /** A call of an electron. */
        ELECTRON
    }

    /**
     * One node.
     *
     * @param index the node's position in the graph
     * @param kind what the node is
     * @param name the name results are read by: the input's name, or the electron's name, with
     *     {@code #2}, {@code #3} ... appended for later calls of the same electron
     * @param type the canonical generic type of the node's value
     * @param value the value of an input or constant; null for electron calls
     * @param electron the electron a call runs; null for inputs and constants
     * @param arguments indexes of the argument nodes of a call, in order
     */
    public record Node(
            int index,
            Kind kind,
            String name,
            String type,
            Object value,
            ElectronRef<?> electron,
            List<Integer> arguments) {
        /** Copies the argument list. */
        public Node {
            arguments = List.copyOf(arguments);
        }
    }

    private final List<Node> nodes;

    private Graph(List<Node> nodes) {
        this.nodes = Collections.unmodifiableList(nodes);
    }

    /** @return a builder for a new graph */
    public static Builder builder() {
        return new Builder();
    }

    /** @return all nodes, in topological order */
    public List<Node> nodes() {
        return nodes;
    }

    /**
     * @param index a node's index
     * @return the node
     */
    public Node node(int index) {
        return nodes.get(index);
    }

    /**
     * Returns a copy of this graph in which every call of an electron whose id is a key of {@code
     * replacements} runs the mapped electron instead. Nodes keep their names.
     *
     * @param replacements electron id to the electron that replaces it
     * @return the new graph, or this one when nothing matches
     */
    public Graph withReplacements(Map<String, ElectronRef<?>> replacements) {
        if (replacements.isEmpty()) {
            return this;
        }
        List<Node> replaced = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            ElectronRef<?> substitute = node.electron() == null
                    ? null
                    : replacements.get(node.electron().id());
            replaced.add(
                    substitute == null
                            ? node
                            : new Node(
                                    node.index(),
                                    node.kind(),
                                    node.name(),
                                    node.type(),
                                    null,
                                    substitute,
                                    node.arguments()));
        }
        return new Graph(replaced);
    }

    /** Adds nodes to a graph under construction. Not thread-safe: one builder per graph. */
    public static final class Builder {
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Integer> callsPerName = new HashMap<>();
        private boolean built;

        private Builder() {}

        /**
         * Adds a lattice input.
         *
         * @param name the parameter's name
         * @param value its value
         * @param type its canonical generic type, boxed
         * @param <T> the value's type
         * @return a handle on the input
         */
        public <T> Handle<T> input(String name, T value, String type) {
            return add(Kind.INPUT, Objects.requireNonNull(name, "name"), type, value, null, List.of());
        }

        /**
         * Adds a constant.
         *
         * @param value the constant
         * @param type its canonical generic type, boxed
         * @param <T> the value's type
         * @return a handle on the constant
         */
        public <T> Handle<T> constant(T value, String type) {
            return add(Kind.CONSTANT, "constant#" + nodes.size(), type, value, null, List.of());
        }

        /**
         * Adds a call of an electron.
         *
         * @param electron the electron to call
         * @param arguments handles on its arguments, one per parameter, in order
         * @param <R> the electron's return type
         * @return a handle on the electron's output
         * @throws IllegalArgumentException when the number of arguments does not match, or a handle
         *     belongs to another graph
         */
        public <R> Handle<R> call(ElectronRef<R> electron, Handle<?>... arguments) {
            Objects.requireNonNull(electron, "electron");
            if (arguments.length != electron.parameters().size()) {
                throw new IllegalArgumentException("electron " + electron.signature() + " takes "
                        + electron.parameters().size() + " arguments, got " + arguments.length);
            }
            List<Integer> indexes = new ArrayList<>(arguments.length);
            for (Handle<?> argument : arguments) {
                if (argument == null || argument.owner() != this) {
                    throw new IllegalArgumentException("an argument of " + electron.name()
                            + " is not a handle of this graph; pass handles returned by this builder");
                }
                indexes.add(argument.index());
            }
            int calls = callsPerName.merge(electron.name(), 1, Integer::sum);
            String name = calls == 1 ? electron.name() : electron.name() + "#" + calls;
            return add(Kind.ELECTRON, name, electron.returnType(), null, electron, indexes);
        }

        private <T> Handle<T> add(
                Kind kind, String name, String type, Object value, ElectronRef<?> electron, List<Integer> arguments) {
            if (built) {
                throw new IllegalStateException("this graph was already built; start a new builder");
            }
            Objects.requireNonNull(type, "type");
            int index = nodes.size();
            nodes.add(new Node(index, kind, name, type, value, electron, arguments));
            return new Handle<>(this, index);
        }

        Graph build() {
            built = true;
            return new Graph(new ArrayList<>(nodes));
        }
    }
}
