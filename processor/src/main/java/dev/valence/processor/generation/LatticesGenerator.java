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
import dev.valence.processor.model.GraphValue;
import dev.valence.processor.model.LatticeBody;
import dev.valence.processor.model.LatticeModel;
import dev.valence.processor.model.ParameterModel;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>The builder method mirrors the lattice body line by line: each parameter becomes an input
 * handle {@code <param>Input}, each electron call a {@code graph.call(...)}, each local a handle
 * with the user's name.
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
        TypeSpec.Builder type = TypeSpec.classBuilder(generatedClass)
                .addJavadoc(
                        "Graph builders for the {@code @Lattice} methods of {@link $T}: each returns the lattice's\n"
                                + "graph for the given inputs, ready to dispatch.\n",
                        ClassName.get(owner))
                .addAnnotation(RuntimeNames.generated())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addOriginatingElement(owner);
        JavaNames fieldNames = new JavaNames();
        List<String> fields = new ArrayList<>();
        for (LatticeModel lattice : lattices) {
            String field = fieldNames.allocate(JavaNames.upperSnakeCase(lattice.method()));
            fields.add(field);
            type.addField(field(lattice, field, catalog));
        }
        type.addMethod(
                MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build());
        for (int i = 0; i < lattices.size(); i++) {
            type.addMethod(graphBuilder(lattices.get(i), fields.get(i)));
            type.addMethod(accessor(lattices.get(i), fields.get(i)));
        }
        type.addType(catalog(fields));
        return JavaFile.builder(generatedClass.packageName(), type.build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
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

    private static MethodSpec graphBuilder(LatticeModel lattice, String field) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(lattice.method())
                .addJavadoc(
                        "Builds the graph of {@link $T#$L($L)} for the given inputs.\n\n"
                                + "@return the workflow, ready to dispatch\n",
                        lattice.owner(),
                        lattice.method(),
                        RuntimeNames.javadocParameters(lattice.javadocParameterTypes()))
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .returns(ParameterizedTypeName.get(RuntimeNames.WORKFLOW, lattice.returnType()))
                .varargs(lattice.varargs());
        if (lattice.rawTypes()) {
            method.addAnnotation(RuntimeNames.suppressWarnings(new TreeSet<>(List.of("rawtypes"))));
        }
        JavaNames names = new JavaNames();
        for (ParameterModel parameter : lattice.parameters()) {
            method.addParameter(
                    ParameterSpec.builder(parameter.type(), parameter.name()).build());
            names.reserve(parameter.name());
        }
        Body body = new Body(names, names.allocate("graph"));
        method.addStatement("$T $N = $T.builder()", RuntimeNames.GRAPH_BUILDER, body.graph, RuntimeNames.GRAPH);
        for (ParameterModel parameter : lattice.parameters()) {
            String handle = names.allocate(parameter.name() + "Input");
            body.inputs.put(parameter.name(), handle);
            method.addStatement(
                    "$T<$T> $N = $N.input($S, $N, $S)",
                    RuntimeNames.HANDLE,
                    parameter.type().box(),
                    handle,
                    body.graph,
                    parameter.name(),
                    parameter.name(),
                    parameter.canonicalType());
        }
        for (LatticeBody.Statement statement : lattice.body().statements()) {
            CodeBlock call = body.code(statement.call());
            if (statement.local() == null) {
                method.addStatement("$L", call);
            } else {
                String local = names.allocate(statement.local());
                body.locals.put(statement.local(), local);
                method.addStatement(
                        "$T<$T> $N = $L", RuntimeNames.HANDLE, statement.call().resultType(), local, call);
            }
        }
        GraphValue result = lattice.body().result();
        String output;
        if (result instanceof GraphValue.Input input) {
            output = body.inputs.get(input.parameter());
        } else if (result instanceof GraphValue.Local local) {
            output = body.locals.get(local.local());
        } else {
            output = names.allocate("result");
            method.addStatement("$T<$T> $N = $L", RuntimeNames.HANDLE, lattice.returnType(), output, body.code(result));
        }
        method.addStatement("return $N.workflow($N, $N)", field, body.graph, output);
        return method.build();
    }

    /** The names in one generated builder method, and how graph values are written with them. */
    private static final class Body {
        private final String graph;
        private final Map<String, String> inputs = new HashMap<>();
        private final Map<String, String> locals = new HashMap<>();

        Body(JavaNames names, String graph) {
            names.reserve(graph);
            this.graph = graph;
        }

        CodeBlock code(GraphValue value) {
            if (value instanceof GraphValue.Input input) {
                return CodeBlock.of("$N", inputs.get(input.parameter()));
            }
            if (value instanceof GraphValue.Local local) {
                return CodeBlock.of("$N", locals.get(local.local()));
            }
            if (value instanceof GraphValue.Constant constant) {
                return CodeBlock.of("$N.constant($L, $S)", graph, constant.code(), constant.canonicalType());
            }
            GraphValue.Call call = (GraphValue.Call) value;
            CodeBlock.Builder code =
                    CodeBlock.builder().add("$N.call($T.$N()", graph, call.electrons(), call.accessor());
            for (GraphValue argument : call.arguments()) {
                code.add(", $L", code(argument));
            }
            return code.add(")").build();
        }
    }

    private static MethodSpec accessor(LatticeModel lattice, String field) {
        TypeName type = ParameterizedTypeName.get(RuntimeNames.LATTICE_REF, lattice.returnType());
        MethodSpec.Builder accessor = MethodSpec.methodBuilder(lattice.method() + "Lattice")
                .addJavadoc(
                        "@return the reference to the lattice $L, e.g. for the runtime's catalog\n", lattice.method())
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
