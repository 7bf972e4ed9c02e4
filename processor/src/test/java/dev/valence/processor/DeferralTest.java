package dev.valence.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import dev.valence.runtime.graph.Workflow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** A lattice that uses a type another processor generates is read once that type exists. */
class DeferralTest {

    /**
     * Generates {@code gen.Settings} in the first round, as other processors do, after Valence has
     * read the lattice. It is triggered by {@code @SuppressWarnings}, which Valence does not claim.
     */
    private static final class SettingsGenerator extends AbstractProcessor {
        private boolean generated;

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return Set.of("java.lang.SuppressWarnings");
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
            if (generated) {
                return false;
            }
            generated = true;
            try {
                JavaFileObject file = processingEnv.getFiler().createSourceFile("gen.Settings");
                try (Writer out = file.openWriter()) {
                    out.write("package gen;\n\npublic final class Settings {\n"
                            + "    public static final int FACTOR = 3;\n\n"
                            + "    private Settings() {}\n\n"
                            + "    public static int scaled(int a) { return a * FACTOR; }\n}\n");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return false;
        }
    }

    @Test
    void aLatticeUsingAGeneratedTypeIsDeferredToTheNextRound() {
        JavaFileObject source = Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.Lattice;
                import gen.Settings;

                @SuppressWarnings("unused")
                public class Late {
                    @Electron static int inc(int a) { return a + 1; }

                    @Lattice static int run(int a) {
                        return inc(Settings.scaled(a) + Settings.FACTOR);
                    }
                }
                """);

        Compilation compilation = javac().withProcessors(new ValenceProcessor(), new SettingsGenerator())
                .withOptions("-Xlint:all", "-Werror")
                .compile(source);

        assertThat(compilation).succeededWithoutWarnings();
        Workflow<?> workflow = (Workflow<?>)
                new GeneratedClasses(compilation).call("p.LateLattices", "run", new Class<?>[] {int.class}, 2);
        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(10);
    }
}
