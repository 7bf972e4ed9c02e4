package dev.valence.runtime.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A typed reference to a lattice: its id, its parameters and a function that builds its graph
 * from argument values. Generated {@code <Class>Lattices} classes hold one per {@code @Lattice}
 * method and use it to wrap the graphs they build into {@link Workflow}s.
 *
 * @param <R> the lattice's return type (boxed)
 */
public final class LatticeRef<R> {

    private final String id;
    private final String name;
    private final List<Parameter> parameters;
    private final String returnType;
    private final String catalog;
    private final Function<Object[], Workflow<R>> graphBuilder;

    private LatticeRef(Builder<R> builder, Function<Object[], Workflow<R>> graphBuilder) {
        this.id = builder.id;
        this.name = builder.name == null ? builder.id.substring(builder.id.lastIndexOf('#') + 1) : builder.name;
        this.parameters = List.copyOf(builder.parameters);
        this.returnType = Objects.requireNonNull(builder.returnType, "returns(type) is required");
        this.catalog = builder.catalog;
        this.graphBuilder = Objects.requireNonNull(graphBuilder, "graphBuilder");
    }

    /**
     * Starts a reference to the lattice with the given stable id.
     *
     * @param id a stable, unique id; generated code uses {@code <binary class name>#<method>}
     * @param <R> the lattice's return type
     * @return a builder
     */
    public static <R> Builder<R> builder(String id) {
        return new Builder<>(id);
    }

    /** @return the stable id */
    public String id() {
        return id;
    }

    /** @return the display name */
    public String name() {
        return name;
    }

    /** @return the parameters, in declaration order */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** @return the canonical generic return type, boxed */
    public String returnType() {
        return returnType;
    }

    /** @return the binary name of the generated {@link Catalog} listing this lattice; empty if none */
    public String catalog() {
        return catalog;
    }

    /**
     * Builds the lattice's graph for the given arguments, as its generated method does.
     *
     * @param arguments one value per parameter, in order, boxed
     * @return the workflow
     */
    public Workflow<R> workflow(Object... arguments) {
        if (arguments.length != parameters.size()) {
            throw new IllegalArgumentException(
                    "lattice " + name + " takes " + parameters.size() + " arguments, got " + arguments.length);
        }
        return graphBuilder.apply(arguments);
    }

    /**
     * Finishes a graph built for this lattice. Generated graph builders end with this call.
     *
     * @param graph the builder holding the lattice's nodes
     * @param output the handle on the lattice's result
     * @return the workflow, ready to dispatch
     */
    public Workflow<R> workflow(Graph.Builder graph, Handle<R> output) {
        if (output.owner() != graph) {
            throw new IllegalArgumentException("the output handle does not belong to this graph");
        }
        return new Workflow<>(this, graph.build(), output.index());
    }

    @Override
    public String toString() {
        return "LatticeRef[" + id + "]";
    }

    /**
     * Builds a {@link LatticeRef}.
     *
     * @param <R> the lattice's return type
     */
    public static final class Builder<R> {
        private final String id;
        private String name;
        private final List<Parameter> parameters = new ArrayList<>();
        private String returnType;
        private String catalog = "";

        private Builder(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a lattice id must not be blank");
            }
            this.id = id;
        }

        /**
         * @param name the display name (defaults to the part of the id after {@code #})
         * @return this builder
         */
        public Builder<R> name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Adds the next parameter.
         *
         * @param name the parameter's name
         * @param type its canonical generic type, boxed
         * @return this builder
         */
        public Builder<R> parameter(String name, String type) {
            parameters.add(new Parameter(name, type));
            return this;
        }

        /**
         * @param type the canonical generic return type, boxed
         * @return this builder
         */
        public Builder<R> returns(String type) {
            this.returnType = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * @param catalog the binary name of the generated catalog class listing this lattice
         * @return this builder
         */
        public Builder<R> catalog(String catalog) {
            this.catalog = Objects.requireNonNull(catalog, "catalog");
            return this;
        }

        /**
         * Finishes the reference.
         *
         * @param graphBuilder builds the graph from boxed argument values; generated code passes a
         *     call of the generated lattice method
         * @return the reference
         */
        public LatticeRef<R> build(Function<Object[], Workflow<R>> graphBuilder) {
            return new LatticeRef<>(this, graphBuilder);
        }
    }
}
