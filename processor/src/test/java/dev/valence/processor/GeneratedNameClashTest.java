package dev.valence.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Workflow;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Names in generated code never clash with the user's (issue 12): a class {@code ETL} with an
 * electron {@code etl()} used to generate a constant {@code ETL} that hid the class it calls. Where
 * a clash cannot be avoided (two classes mapping to one generated class), the error is on the
 * user's class and says what to rename.
 */
class GeneratedNameClashTest {

    @Test
    void anElectronNamedLikeItsClassCompilesAndRuns() {
        JavaFileObject etl = Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.Lattice;

                public class ETL {
                    @Electron static int etl(int a) { return a + 1; }

                    @Lattice static int load(int a) { return etl(a); }
                }
                """);

        Compilation compilation = Compilations.compile(etl);

        assertThat(compilation).succeededWithoutWarnings();
        GeneratedClasses classes = new GeneratedClasses(compilation);
        ElectronRef<?> electron = (ElectronRef<?>) classes.call("p.ETLElectrons", "etl");
        assertThat(electron.id()).isEqualTo("p.ETL#etl");
        Workflow<?> workflow = (Workflow<?>) classes.call("p.ETLLattices", "load", new Class<?>[] {int.class}, 41);
        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(42);
    }

    @Test
    void anElectronNamedLikeATypeOfItsSignatureCompilesAndRuns() {
        JavaFileObject tasks = Compilations.source("""
                package p;

                import dev.valence.Electron;

                public class Tasks {
                    /** A type whose name is also an electron's constant's name. */
                    public record URL(String text) {}

                    @Electron static URL url(String text) { return new URL(text); }
                }
                """);

        Compilation compilation = Compilations.compile(tasks);

        assertThat(compilation).succeededWithoutWarnings();
        ElectronRef<?> electron = (ElectronRef<?>) new GeneratedClasses(compilation).call("p.TasksElectrons", "url");
        assertThat(electron.returnType()).isEqualTo("p.Tasks$URL");
    }

    @Test
    void aNestedClassAndATopLevelClassWithTheSameGeneratedNameAreAnErrorOnTheSecond() {
        JavaFileObject outer = Compilations.source("""
                package p;

                import dev.valence.Electron;

                public class Outer {
                    public static class Inner {
                        @Electron static int one(int a) { return a; }
                    }
                }
                """);
        JavaFileObject flat = Compilations.source("""
                package p;

                import dev.valence.Electron;

                public class Outer_Inner {
                    @Electron static int two(int a) { return a; }
                }
                """);

        Compilation compilation = Compilations.compile(outer, flat);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("Valence generates p.Outer_InnerElectrons for both p.Outer.Inner and p.Outer_Inner;"
                        + " rename one of these classes")
                .inFile(flat)
                .onLineContaining("public class Outer_Inner");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aUserClassNamedLikeTheGeneratedClassIsAnErrorOnTheAnnotatedClass() {
        JavaFileObject calc = Compilations.source("""
                package p;

                import dev.valence.Electron;

                public class Calc {
                    @Electron static int one(int a) { return a; }
                }
                """);
        JavaFileObject taken = Compilations.source("""
                package p;

                public class CalcElectrons {}
                """);

        Compilation compilation = Compilations.compile(calc, taken);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("Valence generates p.CalcElectrons for the electrons of p.Calc, but the class"
                        + " p.CalcElectrons already exists; rename one of them")
                .inFile(calc)
                .onLineContaining("public class Calc");
        assertThat(compilation).hadErrorCount(1);
    }
}
