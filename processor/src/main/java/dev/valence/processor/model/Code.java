package dev.valence.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;
import java.util.Optional;

/**
 * A piece of a generated graph builder's body. The body is the lattice's own source, copied: most
 * of it is {@link Text}; type names and unqualified static members become {@link Type} (so that
 * the generated file imports or qualifies them), and every place where the graph is involved
 * becomes one of the graph pieces ({@link ElectronCall}, {@link Constant}, ...). The generator
 * prints the tree with JavaPoet.
 */
public sealed interface Code {

    /**
     * Source text, copied as is (already de-indented to the body's first column).
     *
     * @param text the text
     */
    record Text(String text) implements Code {}

    /**
     * A type name, printed with {@code $T}.
     *
     * @param type the type
     */
    record Type(TypeName type) implements Code {}

    /**
     * Pieces printed one after the other.
     *
     * @param parts the pieces
     */
    record Sequence(List<Code> parts) implements Code {
        /** Copies the list. */
        public Sequence {
            parts = List.copyOf(parts);
        }
    }

    /** The graph builder's variable. */
    record Graph() implements Code {}

    /**
     * The handle of a lattice parameter passed to the graph as it is.
     *
     * @param parameter the parameter's name
     */
    record InputHandle(String parameter) implements Code {}

    /**
     * A value the body computes while the graph is built, added as a constant node.
     *
     * @param value the Java expression, already converted to the type it is passed as
     * @param canonicalType the canonical type of the value
     */
    record Constant(Code value, String canonicalType) implements Code {}

    /**
     * A call of an electron: {@code graph.call(XElectrons.m(), arguments...)}.
     *
     * @param electrons the generated class holding the electron's reference
     * @param accessor the reference's accessor
     * @param resultType for a generic electron, the result type at this call and its canonical
     *     string; empty otherwise
     * @param canonicalResultType the canonical result type at this call, used with {@code resultType}
     * @param arguments handle expressions, one per parameter
     */
    record ElectronCall(
            ClassName electrons,
            String accessor,
            Optional<TypeName> resultType,
            String canonicalResultType,
            List<Code> arguments)
            implements Code {
        /** Copies the list. */
        public ElectronCall {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * A local list of handles passed on as one list value: {@code graph.list(type, results)}.
     *
     * @param canonicalType the canonical type of the list
     * @param list the list expression
     */
    record HandleList(String canonicalType, Code list) implements Code {}

    /**
     * A collection literal holding electron outputs: {@code graph.collection(type, shape, parts ->
     * literal, handles...)}.
     *
     * @param canonicalType the canonical type of the collection
     * @param shape the literal with its parts numbered, a stable description of the collection
     * @param assemble the literal, in which {@link Part} stands for the parts' values
     * @param parts handle expressions of the parts, in order
     */
    record Collection(String canonicalType, String shape, Code assemble, List<Code> parts) implements Code {
        /** Copies the list. */
        public Collection {
            parts = List.copyOf(parts);
        }
    }

    /**
     * The value of one part inside a collection's assembling lambda: {@code (Double) parts[0]}.
     *
     * @param index the part's index
     * @param cast the type to cast it to; empty for {@code Object}
     */
    record Part(int index, Optional<TypeName> cast) implements Code {}

    /**
     * A lattice called with an electron output among its arguments: {@code
     * graph.sublattice(XLattices.mLattice(), handles...)}.
     *
     * @param lattices the generated class of the lattice
     * @param accessor the accessor of its reference
     * @param arguments handle expressions, one per parameter
     */
    record Sublattice(ClassName lattices, String accessor, List<Code> arguments) implements Code {
        /** Copies the list. */
        public Sublattice {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * A lattice called with plain values only, expanded into this graph: {@code
     * XLattices.expandM(graph, arguments...)}.
     *
     * @param lattices the generated class of the lattice
     * @param method the expansion method
     * @param arguments the Java arguments, copied
     */
    record Expansion(ClassName lattices, String method, List<Code> arguments) implements Code {
        /** Copies the list. */
        public Expansion {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * The type of a local holding one electron output: {@code Handle<Double>}.
     *
     * @param value the boxed type of the value
     */
    record HandleType(TypeName value) implements Code {}

    /**
     * The type of a local collecting electron outputs: {@code List<Handle<Double>>}.
     *
     * @param collection the collection class
     * @param element the boxed type of the elements
     */
    record HandleCollectionType(ClassName collection, TypeName element) implements Code {}

    /**
     * @param text source text
     * @return it as a piece
     */
    static Code text(String text) {
        return new Text(text);
    }

    /**
     * @param parts pieces
     * @return them in sequence
     */
    static Code of(Code... parts) {
        return new Sequence(List.of(parts));
    }
}
