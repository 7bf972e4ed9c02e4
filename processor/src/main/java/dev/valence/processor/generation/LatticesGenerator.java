package dev.valence.processor.generation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.valence.processor.model.Code;
import dev.valence.processor.model.GeneratedNames;
import dev.valence.processor.model.LatticeModel;
import dev.valence.processor.model.ParameterModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Writes {@code <Class>Lattices}: per lattice, a graph builder method with the lattice's
 * parameters that returns a dispatchable {@code Workflow}, a {@code LatticeRef} constant and its
 * accessor, and a {@code Catalog} listing the lattices.
 *
 * <p>Per lattice {@code m}: {@code m(...)} makes a graph whose inputs are the parameters ({@code
 * <param>Input} handles) and returns the workflow; {@code expandM(graph, ...)} adds the lattice's
 * nodes to another lattice's graph, its parameters as constants (the inline expansion of a lattice
 * called with plain values); both call the private {@code buildM(graph, ...)}, which is the
 * lattice's body, copied and rewritten ({@link dev.valence.processor.model.LatticeBody}).
 */
public final class LatticesGenerator {

    /**
     * @param owner the annotated class, the generated file's only originating element
     * @param generatedClass the name of the class to write
     * @param lattices the class's lattices, in declaration order
     * @return the file
     */
    public JavaFile generate(TypeElement owner, ClassName generatedClass, List<LatticeModel> lattices) {
        ClassName catalog = generatedClass.nestedClass("Catalog");
        TypeSpec.Builder type = RuntimeNames.generatedClass(
                generatedClass,
                owner,
                "Graph builders for the {@code @Lattice} methods of {@link $T}: each returns the lattice's\n"
                        + "graph for the given inputs, ready to dispatch.\n");
        JavaNames fieldNames = new JavaNames();
        fieldNames.reserveClass(ClassName.get(owner));
        fieldNames.reserve("Catalog");
        lattices.forEach(lattice -> ClassNamesInCode.reserveIn(lattice.body().code(), fieldNames));
        List<String> fields = new ArrayList<>();
        for (LatticeModel lattice : lattices) {
            String field = fieldNames.allocate(JavaNames.upperSnakeCase(lattice.method()));
            fields.add(field);
            type.addField(field(lattice, field, catalog));
        }
        type.addMethod(MethodSpec.constructorBuilder()
                .addJavadoc("Not instantiated: static members only.\n")
                .addModifiers(Modifier.PRIVATE)
                .build());
        for (int i = 0; i < lattices.size(); i++) {
            addBuilders(type, lattices.get(i), fields.get(i));
            type.addMethod(accessor(lattices.get(i), fields.get(i)));
        }
        type.addType(catalog(fields));
        return RuntimeNames.file(generatedClass, type);
    }

    private static FieldSpec field(LatticeModel lattice, String field, ClassName catalog) {
        CodeBlock.Builder init = CodeBlock.builder()
                .add("$T.<$T>builder($S)\n", RuntimeNames.LATTICE_REF, lattice.returnType(), lattice.id())
                .indent()
                .indent()
                .add(".name($S)\n", lattice.name());
        for (ParameterModel parameter : lattice.parameters()) {
            init.add(".parameter($S, $S)\n", parameter.name(), parameter.canonicalType());
        }
        init.add(".returns($S)\n", lattice.canonicalReturnType())
                .add(".catalog($S)\n", catalog.reflectionName())
                .add(".build(args -> $N($L))", lattice.method(), RuntimeNames.argumentsFromArray(lattice.parameters()))
                .unindent()
                .unindent();
        FieldSpec.Builder spec = FieldSpec.builder(
                        ParameterizedTypeName.get(RuntimeNames.LATTICE_REF, lattice.returnType()),
                        field,
                        Modifier.PRIVATE,
                        Modifier.STATIC,
                        Modifier.FINAL)
                .addJavadoc(
                        "The reference to the lattice {@link $T#$L($L)}.\n",
                        lattice.owner(),
                        lattice.method(),
                        RuntimeNames.javadocParameters(lattice.javadocParameterTypes()))
                .initializer(init.build());
        TreeSet<String> warnings = new TreeSet<>();
        if (lattice.parameters().stream().anyMatch(ParameterModel::generic)) {
            warnings.add("unchecked"); // casts of Object[] elements to List<String> and the like
        }
        if (lattice.rawTypes()) {
            warnings.add("rawtypes"); // the user's own raw types, repeated in generated signatures
        }
        if (!warnings.isEmpty()) {
            spec.addAnnotation(RuntimeNames.suppressWarnings(warnings));
        }
        return spec.build();
    }

    /** The names of one lattice's generated methods, shared by the three of them. */
    private static final class Names {
        private final String graph;
        private final String parts;
        private final Map<String, String> inputs = new LinkedHashMap<>();

        Names(LatticeModel lattice) {
            JavaNames names = new JavaNames();
            lattice.parameters().forEach(parameter -> names.reserve(parameter.name()));
            lattice.body().names().forEach(names::reserve);
            graph = names.allocate("graph");
            for (ParameterModel parameter : lattice.parameters()) {
                inputs.put(parameter.name(), names.allocate(parameter.name() + "Input"));
            }
            parts = names.allocate("parts");
        }
    }

    private static void addBuilders(TypeSpec.Builder type, LatticeModel lattice, String field) {
        Names names = new Names(lattice);
        TypeName handle = ParameterizedTypeName.get(RuntimeNames.HANDLE, lattice.returnType());
        String build = GeneratedNames.buildMethod(lattice.method());

        MethodSpec.Builder workflow = MethodSpec.methodBuilder(lattice.method())
                .addJavadoc(
                        "Builds the graph of {@link $T#$L($L)} for the given inputs.\n\n",
                        lattice.owner(),
                        lattice.method(),
                        RuntimeNames.javadocParameters(lattice.javadocParameterTypes()))
                .addJavadoc(parameterTags(lattice, null))
                .addJavadoc("@return the workflow, ready to dispatch\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(RuntimeNames.WORKFLOW, lattice.returnType()))
                .varargs(lattice.varargs());
        addParameters(workflow, lattice);
        workflow.addStatement("$T $N = $T.builder()", RuntimeNames.GRAPH_BUILDER, names.graph, RuntimeNames.GRAPH);
        List<CodeBlock> inputs = new ArrayList<>();
        for (ParameterModel parameter : lattice.parameters()) {
            String input = names.inputs.get(parameter.name());
            if (lattice.body().handleParameters().contains(parameter.name())) {
                workflow.addStatement(
                        "$T<$T> $N = $N.input($S, $N, $S)",
                        RuntimeNames.HANDLE,
                        parameter.type().box(),
                        input,
                        names.graph,
                        parameter.name(),
                        parameter.name(),
                        parameter.canonicalType());
            } else {
                // Every input is a node (stored, for redispatch), even one the body only reads as a value.
                workflow.addStatement(
                        "$N.input($S, $N, $S)",
                        names.graph,
                        parameter.name(),
                        parameter.name(),
                        parameter.canonicalType());
            }
            inputs.add(CodeBlock.of("$N", input));
        }
        workflow.addStatement(
                "return $N.workflow($N, $N($L))", field, names.graph, build, buildArguments(lattice, names, inputs));

        MethodSpec.Builder expand = MethodSpec.methodBuilder(GeneratedNames.expandMethod(lattice.method()))
                .addJavadoc(
                        "Adds the nodes of {@link $T#$L($L)} to the graph of a lattice that calls it with plain\n"
                                + "values; its parameters become constant nodes of that graph.\n\n"
                                + "@param $N the calling lattice's graph\n",
                        lattice.owner(),
                        lattice.method(),
                        RuntimeNames.javadocParameters(lattice.javadocParameterTypes()),
                        names.graph)
                .addJavadoc(parameterTags(lattice, null))
                .addJavadoc("@return the handle on its result\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(handle)
                .addParameter(RuntimeNames.GRAPH_BUILDER, names.graph)
                .varargs(lattice.varargs());
        addParameters(expand, lattice);
        List<CodeBlock> constants = new ArrayList<>();
        for (ParameterModel parameter : lattice.parameters()) {
            constants.add(
                    CodeBlock.of("$N.constant($N, $S)", names.graph, parameter.name(), parameter.canonicalType()));
        }
        expand.addStatement("return $N($L)", build, buildArguments(lattice, names, constants));

        MethodSpec.Builder body = MethodSpec.methodBuilder(build)
                .addJavadoc(
                        "The body of {@link $T#$L($L)}, adding its nodes to {@code $L}.\n\n"
                                + "@param $N the graph being built\n",
                        lattice.owner(),
                        lattice.method(),
                        RuntimeNames.javadocParameters(lattice.javadocParameterTypes()),
                        names.graph,
                        names.graph)
                .addJavadoc(parameterTags(lattice, names))
                .addJavadoc("@return the handle on its result\n")
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(handle)
                .addParameter(RuntimeNames.GRAPH_BUILDER, names.graph);
        for (ParameterModel parameter : lattice.parameters()) {
            if (lattice.body().valueParameters().contains(parameter.name())) {
                body.addParameter(parameter.type(), parameter.name());
            }
            if (lattice.body().handleParameters().contains(parameter.name())) {
                body.addParameter(
                        ParameterizedTypeName.get(
                                RuntimeNames.HANDLE, parameter.type().box()),
                        names.inputs.get(parameter.name()));
            }
        }
        body.addCode(new Printer(names).print(lattice.body().code())).addCode("\n");

        TreeSet<String> rawtypes = new TreeSet<>();
        if (lattice.rawTypes()) {
            rawtypes.add("rawtypes");
            workflow.addAnnotation(RuntimeNames.suppressWarnings(rawtypes));
            expand.addAnnotation(RuntimeNames.suppressWarnings(rawtypes));
        }
        TreeSet<String> bodyWarnings = new TreeSet<>(rawtypes);
        bodyWarnings.addAll(lattice.body().warnings());
        if (!bodyWarnings.isEmpty()) {
            body.addAnnotation(RuntimeNames.suppressWarnings(bodyWarnings));
        }
        type.addMethod(workflow.build());
        type.addMethod(expand.build());
        type.addMethod(body.build());
    }

    /**
     * The {@code @param} tags of the lattice's parameters, so generated code is clean under {@code
     * -Xdoclint:all}: for the public methods (names null) each parameter's value; for the body, its
     * value and/or its node, as the body takes them.
     */
    private static CodeBlock parameterTags(LatticeModel lattice, Names names) {
        CodeBlock.Builder tags = CodeBlock.builder();
        for (ParameterModel parameter : lattice.parameters()) {
            String name = parameter.name();
            if (names == null || lattice.body().valueParameters().contains(name)) {
                tags.add("@param $N the value of the lattice's parameter {@code $L}\n", name, name);
            }
            if (names != null && lattice.body().handleParameters().contains(name)) {
                tags.add("@param $N the node of the lattice's parameter {@code $L}\n", names.inputs.get(name), name);
            }
        }
        return tags.build();
    }

    private static void addParameters(MethodSpec.Builder method, LatticeModel lattice) {
        for (ParameterModel parameter : lattice.parameters()) {
            method.addParameter(
                    ParameterSpec.builder(parameter.type(), parameter.name()).build());
        }
    }

    /** The arguments of the body method: each parameter's value and/or handle, as the body uses them. */
    private static CodeBlock buildArguments(LatticeModel lattice, Names names, List<CodeBlock> handles) {
        List<CodeBlock> arguments = new ArrayList<>();
        arguments.add(CodeBlock.of("$N", names.graph));
        for (int i = 0; i < lattice.parameters().size(); i++) {
            String name = lattice.parameters().get(i).name();
            if (lattice.body().valueParameters().contains(name)) {
                arguments.add(CodeBlock.of("$N", name));
            }
            if (lattice.body().handleParameters().contains(name)) {
                arguments.add(handles.get(i));
            }
        }
        return CodeBlock.join(arguments, ", ");
    }

    /** Prints a rewritten body with the names of one generated method. */
    private static final class Printer {
        private final Names names;

        Printer(Names names) {
            this.names = names;
        }

        CodeBlock print(Code code) {
            CodeBlock.Builder out = CodeBlock.builder();
            add(out, code);
            return out.build();
        }

        private void addAll(CodeBlock.Builder out, List<Code> arguments) {
            for (Code argument : arguments) {
                out.add(", ");
                add(out, argument);
            }
        }

        private void add(CodeBlock.Builder out, Code code) {
            if (code instanceof Code.Text text) {
                out.add("$L", text.text());
            } else if (code instanceof Code.Type type) {
                out.add("$T", type.type());
            } else if (code instanceof Code.Sequence sequence) {
                sequence.parts().forEach(part -> add(out, part));
            } else if (code instanceof Code.Graph) {
                out.add("$N", names.graph);
            } else if (code instanceof Code.InputHandle input) {
                out.add("$N", names.inputs.get(input.parameter()));
            } else if (code instanceof Code.Constant constant) {
                out.add("$N.constant(", names.graph);
                add(out, constant.value());
                out.add(", $S)", constant.canonicalType());
            } else if (code instanceof Code.ElectronCall call) {
                if (call.resultType().isPresent()) {
                    out.add(
                            "$N.<$T>call($T.$N(), $S",
                            names.graph,
                            call.resultType().get(),
                            call.electrons(),
                            call.accessor(),
                            call.canonicalResultType());
                } else {
                    out.add("$N.call($T.$N()", names.graph, call.electrons(), call.accessor());
                }
                addAll(out, call.arguments());
                out.add(")");
            } else if (code instanceof Code.HandleList list) {
                out.add("$N.list($S, ", names.graph, list.canonicalType());
                add(out, list.list());
                out.add(")");
            } else if (code instanceof Code.Collection collection) {
                out.add(
                        "$N.collection($S, $S, $N -> ",
                        names.graph,
                        collection.canonicalType(),
                        collection.shape(),
                        names.parts);
                add(out, collection.assemble());
                addAll(out, collection.parts());
                out.add(")");
            } else if (code instanceof Code.Part part) {
                if (part.cast().isPresent()) {
                    out.add("($T) $N[$L]", part.cast().get(), names.parts, part.index());
                } else {
                    out.add("$N[$L]", names.parts, part.index());
                }
            } else if (code instanceof Code.Sublattice sublattice) {
                out.add("$N.sublattice($T.$N()", names.graph, sublattice.lattices(), sublattice.accessor());
                addAll(out, sublattice.arguments());
                out.add(")");
            } else if (code instanceof Code.Expansion expansion) {
                out.add("$T.$N($N", expansion.lattices(), expansion.method(), names.graph);
                addAll(out, expansion.arguments());
                out.add(")");
            } else if (code instanceof Code.HandleType handle) {
                out.add("$T<$T>", RuntimeNames.HANDLE, handle.value());
            } else if (code instanceof Code.HandleCollectionType collection) {
                out.add("$T<$T<$T>>", collection.collection(), RuntimeNames.HANDLE, collection.element());
            } else {
                throw new IllegalStateException("unknown code " + code);
            }
        }
    }

    private static MethodSpec accessor(LatticeModel lattice, String field) {
        TypeName type = ParameterizedTypeName.get(RuntimeNames.LATTICE_REF, lattice.returnType());
        MethodSpec.Builder accessor = MethodSpec.methodBuilder(lattice.method() + "Lattice")
                .addJavadoc(
                        "The reference to the lattice $L.\n\n@return the reference, e.g. for the runtime's catalog\n",
                        lattice.method())
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(type)
                .addStatement("return $N", field);
        if (lattice.rawTypes()) {
            accessor.addAnnotation(RuntimeNames.suppressWarnings(new TreeSet<>(List.of("rawtypes"))));
        }
        return accessor.build();
    }

    private static TypeSpec catalog(List<String> fields) {
        return TypeSpec.classBuilder("Catalog")
                .addJavadoc("Lists this class's lattices for the runtime, which loads it by name to redispatch\n"
                        + "stored dispatches.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addSuperinterface(RuntimeNames.CATALOG)
                // Written out with a comment: newer doclint warns on a public default constructor.
                .addMethod(MethodSpec.constructorBuilder()
                        .addJavadoc("Made by the runtime, by name.\n")
                        .addModifiers(Modifier.PUBLIC)
                        .build())
                .addMethod(MethodSpec.methodBuilder("lattices")
                        .addAnnotation(Override.class)
                        .addModifiers(Modifier.PUBLIC)
                        .returns(ParameterizedTypeName.get(
                                ClassName.get(List.class),
                                ParameterizedTypeName.get(
                                        RuntimeNames.LATTICE_REF, WildcardTypeName.subtypeOf(Object.class))))
                        .addStatement("return $T.of($L)", List.class, String.join(", ", fields))
                        .build())
                .build();
    }
}
