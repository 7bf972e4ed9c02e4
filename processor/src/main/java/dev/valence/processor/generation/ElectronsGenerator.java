package dev.valence.processor.generation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.valence.processor.model.ElectronModel;
import dev.valence.processor.model.ParameterModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Writes {@code <Class>Electrons}: one {@code ElectronRef} constant per electron, built with a
 * direct call of the method (no reflection), a public accessor per electron, and a {@code
 * Catalog} through which the runtime finds the electrons again by name.
 */
public final class ElectronsGenerator {

    /**
     * @param owner the annotated class, the generated file's first originating element
     * @param generatedClass the name of the class to write
     * @param electrons the class's electrons, in declaration order
     * @param readFrom the other classes of the build whose code went into the electrons'
     *     fingerprints: originating elements too, so that an incremental compiler regenerates the
     *     file (and its fingerprints) when one of them changes
     * @return the file
     */
    public JavaFile generate(
            TypeElement owner,
            ClassName generatedClass,
            List<ElectronModel> electrons,
            Collection<TypeElement> readFrom) {
        ClassName catalog = generatedClass.nestedClass("Catalog");
        TypeSpec.Builder type = RuntimeNames.generatedClass(
                generatedClass,
                owner,
                "Electron references for the {@code @Electron} methods of {@link $T}: nodes of graphs, and\n"
                        + "replacements for one another on redispatch.\n");
        readFrom.stream().filter(other -> !other.equals(owner)).forEach(type::addOriginatingElement);
        JavaNames fieldNames = new JavaNames();
        fieldNames.reserveClass(ClassName.get(owner));
        fieldNames.reserve("Catalog");
        List<String> fields = new ArrayList<>();
        for (ElectronModel electron : electrons) {
            String field = fieldNames.allocate(JavaNames.upperSnakeCase(electron.method()));
            fields.add(field);
            type.addField(field(electron, field, catalog));
        }
        type.addMethod(MethodSpec.constructorBuilder()
                .addJavadoc("Not instantiated: static members only.\n")
                .addModifiers(Modifier.PRIVATE)
                .build());
        for (int i = 0; i < electrons.size(); i++) {
            type.addMethod(accessor(electrons.get(i), fields.get(i)));
        }
        type.addType(catalog(fields));
        return RuntimeNames.file(generatedClass, type);
    }

    private static FieldSpec field(ElectronModel electron, String field, ClassName catalog) {
        CodeBlock.Builder init = CodeBlock.builder()
                .add("$T.<$T>builder($S)\n", RuntimeNames.ELECTRON_REF, electron.returnType(), electron.id())
                .indent()
                .indent()
                .add(".name($S)\n", electron.name());
        for (ParameterModel parameter : electron.parameters()) {
            init.add(
                    parameter.keyed() ? ".parameter($S, $S)\n" : ".ignoredParameter($S, $S)\n",
                    parameter.name(),
                    parameter.canonicalType());
        }
        init.add(".returns($S)\n", electron.canonicalReturnType())
                .add(".codeFingerprint($S)\n", electron.codeFingerprint());
        if (!electron.externalClasses().isEmpty()) {
            init.add(
                    ".externalClasses($L)\n",
                    electron.externalClasses().stream()
                            .map(name -> CodeBlock.of("$S", name))
                            .collect(CodeBlock.joining(", ")));
        }
        // What went into the fingerprint, part by part: explain names the part that changed.
        electron.codeParts().forEach((part, hash) -> init.add(".codePart($S, $S)\n", part, hash));
        electron.version().ifPresent(version -> init.add(".version($S)\n", version));
        if (!electron.cache()) {
            init.add(".cache(false)\n");
        }
        electron.executor().ifPresent(executor -> init.add(".executor($S)\n", executor));
        if (electron.retries() != 0) {
            init.add(".retries($L)\n", electron.retries());
        }
        electron.retryDelay().ifPresent(delay -> init.add(".retryDelay($S)\n", delay));
        if (electron.retryBackoff() != 2.0) {
            init.add(".retryBackoff($L)\n", electron.retryBackoff());
        }
        if (!electron.retryOn().isEmpty()) {
            init.add(
                    ".retryOn($L)\n",
                    electron.retryOn().stream()
                            .map(type -> CodeBlock.of("$T.class", type))
                            .collect(CodeBlock.joining(", ")));
        }
        electron.timeout().ifPresent(timeout -> init.add(".timeout($S)\n", timeout));
        init.add(".catalog($S)\n", catalog.reflectionName());
        CodeBlock call = electron.typeArguments().isEmpty()
                ? CodeBlock.of(
                        "$T.$N($L)",
                        electron.owner(),
                        electron.method(),
                        RuntimeNames.argumentsFromArray(electron.parameters()))
                : CodeBlock.of(
                        "$T.<$L>$N($L)",
                        electron.owner(),
                        electron.typeArguments().stream()
                                .map(argument -> CodeBlock.of("$T", argument))
                                .collect(CodeBlock.joining(", ")),
                        electron.method(),
                        RuntimeNames.argumentsFromArray(electron.parameters()));
        if (electron.returnsVoid()) {
            init.add(".build(args -> {\n")
                    .indent()
                    .addStatement("$L", call)
                    .addStatement("return null")
                    .unindent();
            init.add("})");
        } else {
            init.add(".build(args -> $L)", call);
        }
        init.unindent().unindent();
        FieldSpec.Builder spec = FieldSpec.builder(
                        ParameterizedTypeName.get(RuntimeNames.ELECTRON_REF, electron.returnType()),
                        field,
                        Modifier.PRIVATE,
                        Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc(
                        "The reference to the electron {@link $T#$L($L)}.\n",
                        electron.owner(),
                        electron.method(),
                        RuntimeNames.javadocParameters(electron.javadocParameterTypes()))
                .initializer(init.build());
        SortedSet<String> warnings = new TreeSet<>();
        if (electron.parameters().stream().anyMatch(ParameterModel::generic)) {
            warnings.add("unchecked"); // casts of Object[] elements to List<String> and the like
        }
        if (electron.rawTypes()) {
            warnings.add("rawtypes"); // the user's own raw types, repeated in the reference's type
        }
        if (electron.deprecated()) {
            warnings.add("deprecation"); // the user deprecated the electron; calling it here is not their call site
        }
        if (!warnings.isEmpty()) {
            spec.addAnnotation(RuntimeNames.suppressWarnings(warnings));
        }
        return spec.build();
    }

    private static MethodSpec accessor(ElectronModel electron, String field) {
        MethodSpec.Builder accessor = MethodSpec.methodBuilder(electron.method())
                .addJavadoc(
                        "The electron {@link $T#$L($L)}.\n\n@return its reference\n",
                        electron.owner(),
                        electron.method(),
                        RuntimeNames.javadocParameters(electron.javadocParameterTypes()))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(RuntimeNames.ELECTRON_REF, electron.returnType()))
                .addStatement("return $N", field);
        if (electron.rawTypes()) {
            accessor.addAnnotation(RuntimeNames.suppressWarnings(new TreeSet<>(List.of("rawtypes"))));
        }
        return accessor.build();
    }

    private static TypeSpec catalog(List<String> fields) {
        return TypeSpec.classBuilder("Catalog")
                .addJavadoc("Lists this class's electrons for the runtime, which loads it by name to redispatch\n"
                        + "stored dispatches.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(RuntimeNames.CATALOG)
                // Written out with a comment: newer doclint warns on a public default constructor.
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("Made by the runtime, by name.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .build())
                .addMethod(MethodSpec.methodBuilder("electrons")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(ParameterizedTypeName.get(
                                ClassName.get(List.class),
                                ParameterizedTypeName.get(
                                        RuntimeNames.ELECTRON_REF, WildcardTypeName.subtypeOf(Object.class))))
                        .addStatement("return $T.of($L)", List.class, String.join(", ", fields))
                        .build())
                .build();
    }
}
