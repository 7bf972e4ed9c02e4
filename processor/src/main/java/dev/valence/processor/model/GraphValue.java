package dev.valence.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/** A value in a lattice body, as the graph sees it: where an electron argument or the result comes from. */
public sealed interface GraphValue {

    /**
     * A lattice parameter, which becomes an input node.
     *
     * @param parameter the parameter's name
     */
    record Input(String parameter) implements GraphValue {}

    /**
     * A constant written in the body, which becomes a constant node.
     *
     * @param code the Java expression of its value, already converted to the target type
     * @param canonicalType the canonical type of its value
     */
    record Constant(String code, String canonicalType) implements GraphValue {}

    /**
     * A local holding the result of an earlier electron call.
     *
     * @param local the local's name in the source
     */
    record Local(String local) implements GraphValue {}

    /**
     * A call of an electron, which becomes an electron node.
     *
     * @param electrons the generated class holding the electron's reference
     * @param accessor the name of the reference's accessor in that class
     * @param resultType the electron's boxed return type
     * @param arguments the arguments, in order
     */
    record Call(ClassName electrons, String accessor, TypeName resultType, List<GraphValue> arguments)
            implements GraphValue {
        /** Copies the list. */
        public Call {
            arguments = List.copyOf(arguments);
        }
    }
}
