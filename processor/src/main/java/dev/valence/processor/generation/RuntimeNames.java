package dev.valence.processor.generation;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.valence.processor.model.ParameterModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Names of the runtime types generated code uses, by name only: the processor does not depend on
 * the runtime, the code it writes does. Also the snippets both generators share.
 */
final class RuntimeNames {
    static final String GRAPH_PACKAGE = "dev.valence.runtime.graph";
    static final ClassName ELECTRON_REF = ClassName.get(GRAPH_PACKAGE, "ElectronRef");
    static final ClassName LATTICE_REF = ClassName.get(GRAPH_PACKAGE, "LatticeRef");
    static final ClassName GRAPH = ClassName.get(GRAPH_PACKAGE, "Graph");
    static final ClassName GRAPH_BUILDER = GRAPH.nestedClass("Builder");
    static final ClassName HANDLE = ClassName.get(GRAPH_PACKAGE, "Handle");
    static final ClassName WORKFLOW = ClassName.get(GRAPH_PACKAGE, "Workflow");
    static final ClassName CATALOG = ClassName.get(GRAPH_PACKAGE, "Catalog");
    static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
    static final String PROCESSOR = "dev.valence.processor.ValenceProcessor";

    private RuntimeNames() {}

    /**
     * Starts a generated class: public, final, {@code @Generated}, documented, with the annotated
     * class as its first originating element (what keeps the processor isolating where nothing else is read).
     */
    static TypeSpec.Builder generatedClass(ClassName name, TypeElement owner, String javadoc) {
        return TypeSpec.classBuilder(name)
                .addJavadoc(javadoc, ClassName.get(owner))
                .addAnnotation(generated())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addOriginatingElement(owner);
    }

    /** The file of a generated class, formatted as the goldens expect. */
    static JavaFile file(ClassName name, TypeSpec.Builder type) {
        return JavaFile.builder(name.packageName(), type.build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    /** {@code @Generated} without a date, so that builds are reproducible. */
    static AnnotationSpec generated() {
        return AnnotationSpec.builder(GENERATED)
                .addMember("value", "$S", PROCESSOR)
                .build();
    }

    /**
     * @param warnings the warnings to suppress, sorted for stable output
     * @return the annotation
     */
    static AnnotationSpec suppressWarnings(SortedSet<String> warnings) {
        CodeBlock value = warnings.size() == 1
                ? CodeBlock.of("$S", warnings.first())
                : warnings.stream().map(w -> CodeBlock.of("$S", w)).collect(CodeBlock.joining(", ", "{", "}"));
        return AnnotationSpec.builder(SuppressWarnings.class)
                .addMember("value", value)
                .build();
    }

    /**
     * The arguments of a direct call from an {@code Object[]}: {@code (Integer) args[0], (String)
     * args[1]}. No cast for {@code Object}, where javac would call it redundant.
     *
     * @param parameters the called method's parameters
     * @return the argument list
     */
    static CodeBlock argumentsFromArray(List<ParameterModel> parameters) {
        List<CodeBlock> arguments = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            TypeName type = parameters.get(i).type();
            TypeName castType = type.isPrimitive() ? type.box() : type;
            arguments.add(
                    castType.equals(ClassName.OBJECT)
                            ? CodeBlock.of("args[$L]", i)
                            : CodeBlock.of("($T) args[$L]", castType, i));
        }
        return CodeBlock.join(arguments, ", ");
    }

    /**
     * @param types erased parameter types
     * @return them as a {@code {@link}} tag's parameter list
     */
    static CodeBlock javadocParameters(List<TypeName> types) {
        return types.stream().map(type -> CodeBlock.of("$T", type)).collect(CodeBlock.joining(", "));
    }
}
