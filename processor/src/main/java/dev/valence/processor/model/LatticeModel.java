package dev.valence.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * A lattice, as the generated {@code <Class>Lattices} class needs it. Built only from a validated
 * {@code @Lattice} method whose body was read without errors.
 *
 * @param owner the class declaring the method
 * @param method the method's name, also the generated builder method's name
 * @param id the stable id, {@code <binary class name>#<method>}
 * @param name the display name
 * @param parameters the parameters, in order
 * @param varargs whether the last parameter is variable-arity
 * @param javadocParameterTypes the erased parameter types, for {@code {@link}} tags
 * @param returnType the boxed return type
 * @param canonicalReturnType the canonical return type string
 * @param body the graph the body describes
 * @param rawTypes whether its parameter or return types use raw types, on which javac warns
 */
public record LatticeModel(
        ClassName owner,
        String method,
        String id,
        String name,
        List<ParameterModel> parameters,
        boolean varargs,
        List<TypeName> javadocParameterTypes,
        TypeName returnType,
        String canonicalReturnType,
        LatticeBody body,
        boolean rawTypes) {

    /** Copies the lists. */
    public LatticeModel {
        parameters = List.copyOf(parameters);
        javadocParameterTypes = List.copyOf(javadocParameterTypes);
    }
}
