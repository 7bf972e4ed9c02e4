package dev.valence.runtime.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * An immutable directed acyclic graph of nodes: lattice inputs, constants, electron calls,
 * collections of other nodes' values, and dynamic sublattices. Nodes are kept in the order they
 * were added, which is a topological order: a node's arguments are always earlier nodes.
 *
 * <p>Generated graph builders make graphs through {@link #builder()}; the same typed API builds
 * them by hand.
 */
public final class Graph {

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
            ElectronRef<?> substitute = node instanceof Node.Call call
                    ? replacements.get(call.electron().id())
                    : null;
            replaced.add(
                    substitute == null
                            ? node
                            : new Node.Call(node.index(), node.name(), node.type(), substitute, node.arguments()));
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
            Objects.requireNonNull(name, "name");
            return add(index -> new Node.Input(index, name, Objects.requireNonNull(type, "type"), value));
        }

        /**
         * Adds a constant: a literal, or a value the lattice body computed from its inputs.
         *
         * @param value the constant
         * @param type its canonical generic type, boxed
         * @param <T> the value's type
         * @return a handle on the constant
         */
        public <T> Handle<T> constant(T value, String type) {
            return add(index ->
                    new Node.Constant(index, "constant#" + index, Objects.requireNonNull(type, "type"), value));
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
            return call(electron, electron.returnType(), arguments);
        }

        /**
         * Adds a call of a generic electron whose result type at this call differs from its declared
         * return type ({@code <T> List<T> twice(T x)} called with a {@code String}).
         *
         * @param electron the electron to call
         * @param resultType the canonical type of the result at this call, boxed
         * @param arguments handles on its arguments, one per parameter, in order
         * @param <R> the result type at this call
         * @return a handle on the electron's output
         */
        public <R> Handle<R> call(ElectronRef<?> electron, String resultType, Handle<?>... arguments) {
            Objects.requireNonNull(electron, "electron");
            if (arguments.length != electron.parameters().size()) {
                throw new IllegalArgumentException("electron " + electron.signature() + " takes "
                        + electron.parameters().size() + " arguments, got " + arguments.length);
            }
            // Named after the electron; calls of the same electron are told apart once the graph is built (NodeNames).
            String name = electron.name();
            List<Integer> indexes = indexes(electron.name(), arguments);
            return add(index ->
                    new Node.Call(index, name, Objects.requireNonNull(resultType, "resultType"), electron, indexes));
        }

        /**
         * Adds a collection assembled from other nodes' values when the graph runs, such as a list
         * of electron results passed to an electron that gathers them. Its value is fingerprinted by
         * content like any argument, so a gathering electron is reused when the elements are.
         *
         * @param type the canonical type of the collection ({@code java.util.List<java.lang.Double>})
         * @param shape a stable description of how the parts are assembled (the source expression
         *     with the parts numbered, {@code "java.util.Map.of(\"x\", $0)"}), part of its identity
         * @param assemble builds the collection from the parts' values, in order
         * @param parts handles on the parts
         * @param <T> the collection's type
         * @return a handle on the collection
         */
        public <T> Handle<T> collection(String type, String shape, Function<Object[], T> assemble, Handle<?>... parts) {
            Objects.requireNonNull(type, "type");
            ElectronRef<T> step = ElectronRef.<T>builder(COLLECTION_PREFIX + shape)
                    .name("collection")
                    .returns(type)
                    .codeFingerprint(COLLECTION_FORMAT)
                    .parameters(parts.length)
                    .build(assemble::apply);
            String name = uniqueName("collection");
            List<Integer> indexes = indexes("collection", parts);
            return add(index -> new Node.Collection(index, name, type, step, indexes));
        }

        /**
         * Adds a list of the values of the given nodes, in order: the fan-in of a fan-out.
         *
         * @param type the canonical type of the list ({@code java.util.List<java.lang.Double>})
         * @param elements handles on the elements
         * @param <T> the elements' type
         * @return a handle on the list
         */
        public <T> Handle<List<T>> list(String type, List<? extends Handle<? extends T>> elements) {
            @SuppressWarnings("unchecked")
            Function<Object[], List<T>> assemble = parts -> {
                List<T> list = new ArrayList<>(parts.length);
                for (Object part : parts) {
                    list.add((T) part);
                }
                return Collections.unmodifiableList(list);
            };
            return collection(type, "list", assemble, elements.toArray(new Handle<?>[0]));
        }

        /**
         * Adds a dynamic sublattice: a lattice called with an electron's result among its
         * arguments. When the arguments are ready, the lattice's graph is built with their values and
         * runs as a child of the dispatch; this node's value is the child's result. This is how the
         * results of one step choose the next steps.
         *
         * @param lattice the lattice to call
         * @param arguments handles on its arguments, one per parameter, in order
         * @param <R> the lattice's result type
         * @return a handle on the lattice's result
         */
        public <R> Handle<R> sublattice(LatticeRef<R> lattice, Handle<?>... arguments) {
            Objects.requireNonNull(lattice, "lattice");
            if (arguments.length != lattice.parameters().size()) {
                throw new IllegalArgumentException("lattice " + lattice.name() + " takes "
                        + lattice.parameters().size() + " arguments, got " + arguments.length);
            }
            String name = lattice.name();
            List<Integer> indexes = indexes(lattice.name(), arguments);
            return add(index -> new Node.Sublattice(index, name, lattice.returnType(), lattice, indexes));
        }

        private String uniqueName(String base) {
            int calls = callsPerName.merge(base, 1, Integer::sum);
            return calls == 1 ? base : base + "#" + calls;
        }

        private List<Integer> indexes(String what, Handle<?>... arguments) {
            List<Integer> indexes = new ArrayList<>(arguments.length);
            for (Handle<?> argument : arguments) {
                if (argument == null || argument.owner() != this) {
                    throw new IllegalArgumentException("an argument of " + what
                            + " is not a handle of this graph; pass handles returned by this builder");
                }
                indexes.add(argument.index());
            }
            return indexes;
        }

        private <T> Handle<T> add(IntFunction<Node> node) {
            if (built) {
                throw new IllegalStateException("this graph was already built; start a new builder");
            }
            int index = nodes.size();
            nodes.add(node.apply(index));
            return new Handle<>(this, index);
        }

        Graph build() {
            built = true;
            return new Graph(NodeNames.apply(nodes));
        }
    }

    /** Ids of collection steps start with this; they are not electrons a user can replace. */
    static final String COLLECTION_PREFIX = "valence:collection:";

    /** Changes when the way collections are assembled changes, invalidating their stored results. */
    private static final String COLLECTION_FORMAT = "collection/1";
}
