package dev.valence.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import dev.valence.processor.common.CanonicalTypes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Canonical type strings, read from the fields of a compiled class. */
class CanonicalTypesTest {
    private static final Map<String, String> TYPES = new LinkedHashMap<>();

    /** Writes the canonical type of every field of {@code p.Fields} into {@link #TYPES}. */
    private static final class FieldTypes extends AbstractProcessor {
        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("*");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
            TypeElement fields = processingEnv.getElementUtils().getTypeElement("p.Fields");
            if (fields != null && TYPES.isEmpty()) {
                CanonicalTypes canonical =
                        new CanonicalTypes(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
                for (VariableElement field : ElementFilter.fieldsIn(fields.getEnclosedElements())) {
                    TYPES.put(field.getSimpleName().toString(), canonical.of(field.asType()));
                }
            }
            return false;
        }
    }

    @BeforeAll
    static void readFields() {
        Compilation compilation = javac().withProcessors(new FieldTypes()).compile(Compilations.source("""
                        package p;

                        import java.lang.annotation.ElementType;
                        import java.lang.annotation.Target;
                        import java.util.List;
                        import java.util.Map;

                        public class Fields {
                            @Target(ElementType.TYPE_USE) @interface Nullable {}
                            public static class Inner<T> {}

                            int primitive;
                            Integer boxed;
                            String string;
                            List<String> list;
                            Map<String, List<Integer>> nested;
                            int[] ints;
                            String[][] strings;
                            Inner<String> inner;
                            List<? extends Number> upper;
                            List<? super Integer> lower;
                            List<?> unbounded;
                            @Nullable String annotated;
                            List<@Nullable String> annotatedArgument;
                            @SuppressWarnings("rawtypes") List raw;
                        }
                        """));
        assertThat(compilation).succeeded();
    }

    @Test
    void primitivesAreBoxed() {
        assertThat(TYPES).containsEntry("primitive", "java.lang.Integer");
        assertThat(TYPES).containsEntry("boxed", "java.lang.Integer");
    }

    @Test
    void declaredTypesUseQualifiedNamesWithTypeArgumentsAndNoSpaces() {
        assertThat(TYPES).containsEntry("string", "java.lang.String");
        assertThat(TYPES).containsEntry("list", "java.util.List<java.lang.String>");
        assertThat(TYPES).containsEntry("nested", "java.util.Map<java.lang.String,java.util.List<java.lang.Integer>>");
        assertThat(TYPES).containsEntry("raw", "java.util.List");
    }

    @Test
    void nestedClassesUseBinaryNames() {
        assertThat(TYPES).containsEntry("inner", "p.Fields$Inner<java.lang.String>");
    }

    @Test
    void arraysUseSourceFormWithPrimitiveComponentsUnboxed() {
        assertThat(TYPES).containsEntry("ints", "int[]");
        assertThat(TYPES).containsEntry("strings", "java.lang.String[][]");
    }

    @Test
    void wildcardsBecomeTheirUpperBound() {
        assertThat(TYPES).containsEntry("upper", "java.util.List<java.lang.Number>");
        assertThat(TYPES).containsEntry("lower", "java.util.List<java.lang.Object>");
        assertThat(TYPES).containsEntry("unbounded", "java.util.List<java.lang.Object>");
    }

    @Test
    void typeAnnotationsAreLeftOut() {
        assertThat(TYPES).containsEntry("annotated", "java.lang.String");
        assertThat(TYPES).containsEntry("annotatedArgument", "java.util.List<java.lang.String>");
    }
}
