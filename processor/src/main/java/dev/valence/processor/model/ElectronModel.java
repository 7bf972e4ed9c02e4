package dev.valence.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An electron, as the generated {@code <Class>Electrons} class needs it. Built only from a
 * validated {@code @Electron} method.
 *
 * @param owner the class declaring the method
 * @param method the method's name, also the generated accessor's name
 * @param id the stable id, {@code <binary class name>#<method>}
 * @param name the display name
 * @param parameters the parameters, in order
 * @param javadocParameterTypes the erased parameter types, for {@code {@link}} tags
 * @param typeArguments for a generic electron, the erased bounds of its type parameters, with which
 *     the generated reference calls it; empty otherwise
 * @param returnsVoid whether the method is void (its node's value is null)
 * @param returnType the boxed return type, type variables replaced by their erased bounds
 * @param canonicalReturnType the canonical return type string
 * @param codeFingerprint the SHA-256 fingerprint of the code, in hex
 * @param codeParts the parts of the code fingerprint by name, with a short hash each, for {@code
 *     explain} to name what changed
 * @param externalClasses binary names of the classes outside the build the code reaches, sorted;
 *     the runtime folds their class files into the fingerprint
 * @param version the {@code version} attribute, if given
 * @param cache the {@code cache} attribute
 * @param executor the {@code executor} attribute, if given
 * @param retries the {@code retries} attribute
 * @param retryDelay the {@code retryDelay} attribute, if given
 * @param retryBackoff the {@code retryBackoff} attribute
 * @param retryOn the {@code retryOn} attribute's types
 * @param timeout the {@code timeout} attribute, if given
 * @param deprecated whether calling the method warns about deprecation
 * @param rawTypes whether its parameter or return types use raw types, on which javac warns
 */
public record ElectronModel(
        ClassName owner,
        String method,
        String id,
        String name,
        List<ParameterModel> parameters,
        List<TypeName> javadocParameterTypes,
        List<TypeName> typeArguments,
        boolean returnsVoid,
        TypeName returnType,
        String canonicalReturnType,
        String codeFingerprint,
        List<String> externalClasses,
        SortedMap<String, String> codeParts,
        Optional<String> version,
        boolean cache,
        Optional<String> executor,
        int retries,
        Optional<String> retryDelay,
        double retryBackoff,
        List<TypeName> retryOn,
        Optional<String> timeout,
        boolean deprecated,
        boolean rawTypes) {

    /** Copies the lists. */
    public ElectronModel {
        parameters = List.copyOf(parameters);
        javadocParameterTypes = List.copyOf(javadocParameterTypes);
        typeArguments = List.copyOf(typeArguments);
        externalClasses = List.copyOf(externalClasses);
        codeParts = Collections.unmodifiableSortedMap(new TreeMap<>(codeParts));
        retryOn = List.copyOf(retryOn);
    }
}
