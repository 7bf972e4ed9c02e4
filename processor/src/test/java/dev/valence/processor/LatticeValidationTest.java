package dev.valence.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every rule on {@code @Lattice} methods and their bodies: the error, its message, and the line of
 * the offending statement or expression.
 */
class LatticeValidationTest {

    /** Electrons every lattice below may call, then the members of the test. */
    private static JavaFileObject lattice(String members) {
        return Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.Lattice;

                public class Flow {
                    @Electron static int inc(int a) { return a + 1; }
                    @Electron static int add(int a, int b) { return a + b; }
                    @Electron static double half(double x) { return x / 2; }
                    @Electron static int[] many(int n) { return new int[n]; }
                    static int helper(int a) { return a; }
                    @Lattice static int other(int a) { return inc(a); }

                %s
                }
                """.formatted(members));
    }

    private static void assertError(JavaFileObject source, String message, String line) {
        Compilation compilation = Compilations.compile(source);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
    }

    @Test
    void ignoreForCacheOnALatticeParameterIsRejected() {
        assertError(
                lattice("@Lattice static int ignoring(@dev.valence.IgnoreForCache int a) { return inc(a); }"),
                "@IgnoreForCache applies to electron parameters only",
                "int ignoring(");
    }

    @Test
    void anInstanceLatticeIsRejected() {
        assertError(
                lattice("@Lattice int instance(int a) { return inc(a); }"),
                "lattice 'instance' must be static",
                "int instance(");
    }

    @Test
    void aVoidLatticeIsRejected() {
        assertError(
                lattice("@Lattice static void nothing(int a) { inc(a); }"),
                "void lattices are not supported yet; return a value",
                "void nothing(");
    }

    @Test
    void overloadedLatticesAreRejected() {
        assertError(lattice("""
                        @Lattice static int run(int a) { return inc(a); }
                        @Lattice static int run(int a, int b) { return add(a, b); }
                        """), "lattice 'run' is overloaded", "int run(int a, int b)");
    }

    @Test
    void aLatticeNameThatIsNotAnIdentifierIsRejected() {
        assertError(lattice("""
                        @Lattice(
                            name = "my-flow")
                        static int named(int a) { return inc(a); }
                        """), "lattice name 'my-flow' is not a Java identifier", "name = \"my-flow\"");
    }

    @Test
    void anIfStatementIsRejectedBecauseBodiesAreStraightLine() {
        assertError(
                lattice("""
                        @Lattice static int branch(int a) {
                            if (a > 0) {
                                return inc(a);
                            }
                            return add(a, a);
                        }
                        """),
                "lattice bodies are straight-line in this version: move the logic into an electron",
                "if (a > 0)");
    }

    @Test
    void aLoopIsRejectedBecauseBodiesAreStraightLine() {
        assertError(lattice("""
                        @Lattice static int loop(int a) {
                            for (int i = 0; i < 3; i++) {
                                inc(i);
                            }
                            return inc(a);
                        }
                        """), "lattice bodies are straight-line in this version", "for (int i = 0");
    }

    @Test
    void arithmeticOnAnElectronResultIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int arithmetic(int a) {
                            int x = inc(a);
                            return add(x * 2, a);
                        }
                        """),
                "the result of electron 'inc' is only known when the graph runs; pass it to an electron instead of"
                        + " using it here",
                "return add(x * 2, a);");
    }

    @Test
    void aMethodCallOnAnElectronResultIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int text(int a) {
                            int x = inc(a);
                            String s = Integer.toString(a);
                            int y = inc(Integer.valueOf(x).hashCode());
                            return y;
                        }
                        """),
                "the result of electron 'inc' is only known when the graph runs",
                "int y = inc(Integer.valueOf(x).hashCode());");
    }

    @Test
    void aFieldAccessOnAnElectronResultIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int length(int a) {
                            int[] values = many(a);
                            return inc(values.length);
                        }
                        """),
                "the result of electron 'many' is only known when the graph runs",
                "return inc(values.length);");
    }

    @Test
    void aCallOfAPlainMethodIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int plain(int a) {
                            int x = helper(a);
                            return inc(x);
                        }
                        """),
                "'helper' is not an @Electron; lattices can only call electrons in this version (mark it @Electron"
                        + " or move the call into an electron)",
                "int x = helper(a);");
    }

    @Test
    void aCallOfAnotherLatticeIsRejected() {
        assertError(lattice("""
                        @Lattice static int nested(int a) {
                            int x = other(a);
                            return inc(x);
                        }
                        """), "calling a lattice from a lattice is not supported yet", "int x = other(a);");
    }

    @Test
    void reassigningALocalIsRejected() {
        assertError(lattice("""
                        @Lattice static int reassign(int a) {
                            int x = inc(a);
                            x = inc(x);
                            return x;
                        }
                        """), "lattice locals and parameters cannot be reassigned in this version", "x = inc(x);");
    }

    @Test
    void reassigningAParameterIsRejected() {
        assertError(lattice("""
                        @Lattice static int bump(int a) {
                            a++;
                            return inc(a);
                        }
                        """), "lattice locals and parameters cannot be reassigned in this version", "a++;");
    }

    @Test
    void aLocalWithoutValueIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int uninitialized(int a) {
                            int x;
                            x = inc(a);
                            return x;
                        }
                        """), "local 'x' has no value: in a lattice every local holds an electron's result", "int x;");
    }

    @Test
    void aLocalComputedWithoutAnElectronIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int computed(int a) {
                            int doubled = a * 2;
                            return inc(doubled);
                        }
                        """),
                "local 'doubled' must be initialized by an electron call in this version",
                "int doubled = a * 2;");
    }

    @Test
    void anArgumentComputedFromAParameterIsRejected() {
        assertError(lattice("""
                        @Lattice static int shifted(int a) {
                            return inc(
                                a + 1);
                        }
                        """), "'a + 1' cannot be an electron argument in this version", "a + 1);");
    }

    @Test
    void statementsAfterTheReturnAreRejected() {
        assertError(
                lattice("""
                        @Lattice static int late(int a) {
                            return inc(a);
                            int unreachable = inc(a);
                        }
                        """),
                "this statement comes after the lattice's return and never runs; remove it",
                "int unreachable = inc(a);");
    }

    @Test
    void aLatticeWithoutReturnIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int noReturn(int a) {
                            inc(a);
                            throw new IllegalStateException();
                        }
                        """), "lattice bodies are straight-line in this version", "throw new IllegalStateException();");
    }

    @Test
    void aWidenedLocalIsRejectedBecauseTheGraphDoesNotConvert() {
        assertError(
                lattice("""
                        @Lattice static double widened(int a) {
                            double x = inc(a);
                            return half(x);
                        }
                        """),
                "'x' is declared double but electron 'inc' returns int; the graph passes values without conversion",
                "double x = inc(a);");
    }

    @Test
    void anArgumentOfAnotherPrimitiveTypeIsRejected() {
        assertError(lattice("""
                        @Lattice static double mismatch(int a) {
                            int x = inc(a);
                            return half(x);
                        }
                        """), "'x' is int but parameter 'x' of electron 'half' is double", "return half(x);");
    }

    @Test
    void aResultOfAnotherTypeThanTheLatticeIsRejected() {
        assertError(lattice("""
                        @Lattice static double widenedResult(int a) {
                            int x = inc(a);
                            return x;
                        }
                        """), "lattice 'widenedResult' returns double but this value is int", "return x;");
    }

    @Test
    void aNullArgumentIsRejected() {
        assertError(lattice("""
                        @Electron static int size(String s) { return s.length(); }
                        @Lattice static int nothing(int a) {
                            return size(null);
                        }
                        """), "null cannot be an electron argument in this version", "return size(null);");
    }

    @Test
    void aCallOfABrokenElectronIsReportedAtTheCall() {
        assertError(
                lattice("""
                        @Electron(retries = -2) static int broken(int a) { return a; }
                        @Lattice static int usesBroken(int a) {
                            return broken(a);
                        }
                        """), "electron 'broken' cannot be called until its own errors are fixed", "return broken(a);");
    }

    @Test
    void anUnknownMethodLeavesTheErrorToJavacAlone() {
        JavaFileObject source = lattice("""
                @Lattice static int typo(int a) {
                    int x = incc(a);
                    return inc(x);
                }
                """);

        Compilation compilation = Compilations.compile(source);

        assertThat(compilation).failed();
        assertThat(compilation)
                .hadErrorContaining("cannot find symbol")
                .inFile(source)
                .onLineContaining("incc(a)");
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation.diagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(d -> d.getMessage(null)))
                .doesNotContain("Valence");
    }

    @Test
    void anUnknownTypeInALatticeLeavesTheErrorToJavacAlone() {
        JavaFileObject source = lattice("""
                @Lattice static int typo(int a) {
                    int x = Missing.inc(a);
                    return inc(x);
                }
                """);

        Compilation compilation = Compilations.compile(source);

        assertThat(compilation)
                .hadErrorContaining("cannot find symbol")
                .inFile(source)
                .onLineContaining("Missing.inc(a)");
        assertThat(compilation).hadErrorCount(1);
    }
}
