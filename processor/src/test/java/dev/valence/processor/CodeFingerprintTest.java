package dev.valence.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Code fingerprints change with the code an electron runs, and with nothing else. */
class CodeFingerprintTest {
    private static final String ORIGINAL = """
            package p;

            import dev.valence.Electron;

            public class Calc {
                @Electron static int task(int a) {
                    int b = helper(a);
                    return b + 1;
                }

                static int helper(int a) { return deeper(a) * 2; }

                static int deeper(int a) { return a; }
            }
            """;

    private static String fingerprint(String source) {
        Compilation compilation = Compilations.compile(Compilations.source(source));
        assertThat(compilation).succeededWithoutWarnings();
        Matcher matcher = Pattern.compile("codeFingerprint\\(\"([0-9a-f]{64})\"\\)")
                .matcher(Compilations.generatedSource(compilation, "p.CalcElectrons"));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    @Test
    void reformattingAndCommentsKeepTheFingerprint() {
        String reformatted = """
                package p;

                import dev.valence.Electron;

                /** Now documented. */
                public class Calc {
                    // a comment
                    @Electron
                    static int task(int a)
                    {
                        int b =   helper( a );   /* why */
                        return b+1;
                    }

                    static int helper(int a) {
                        // doubles
                        return deeper(a)*2;
                    }

                    static int deeper(int a) {
                        return a;
                    }
                }
                """;

        assertThat(fingerprint(reformatted)).isEqualTo(fingerprint(ORIGINAL));
    }

    @Test
    void changingTheAnnotationAttributesKeepsTheFingerprint() {
        String retried = ORIGINAL.replace("@Electron static", "@Electron(retries = 5, timeout = \"PT1M\") static");

        assertThat(fingerprint(retried)).isEqualTo(fingerprint(ORIGINAL));
    }

    @Test
    void changingTheBodyChangesTheFingerprint() {
        assertThat(fingerprint(ORIGINAL.replace("return b + 1;", "return b + 2;")))
                .isNotEqualTo(fingerprint(ORIGINAL));
    }

    @Test
    void changingACalledHelperChangesTheFingerprint() {
        assertThat(fingerprint(ORIGINAL.replace("deeper(a) * 2", "deeper(a) * 3")))
                .isNotEqualTo(fingerprint(ORIGINAL));
    }

    @Test
    void changingAHelperCalledThroughAnotherHelperChangesTheFingerprint() {
        assertThat(fingerprint(ORIGINAL.replace("{ return a; }", "{ return -a; }")))
                .isNotEqualTo(fingerprint(ORIGINAL));
    }

    @Test
    void changingAParameterTypeChangesTheFingerprint() {
        assertThat(fingerprint(ORIGINAL.replace("static int task(int a)", "static int task(long a)")
                        .replace("helper(a);", "helper((int) a);")))
                .isNotEqualTo(fingerprint(ORIGINAL));
    }

    @Test
    void aLatticeInTheSameClassDoesNotChangeTheFingerprintOfAnElectronUsingVar() {
        String withVar = ORIGINAL.replace("int b = helper(a);", "var b = helper(a);");
        String withVarAndLattice = withVar.replace(
                        "import dev.valence.Electron;", "import dev.valence.Electron;\nimport dev.valence.Lattice;")
                .replace(
                        "static int deeper",
                        "@Lattice static int flow(int a) { var x = task(a); return x; }\n    static int deeper");

        assertThat(fingerprint(withVarAndLattice)).isEqualTo(fingerprint(withVar));
    }

    private static final String SYNTHETIC = """
            package p;

            import dev.valence.Electron;
            import java.util.function.IntUnaryOperator;

            public class Calc {
                @Electron static int task(int a) {
                    IntUnaryOperator twice = new IntUnaryOperator() {
                        @Override public int applyAsInt(int x) { return 2 * x; }
                    };
                    class Local { int plus(int x) { return x + 1; } }
                    var add = (IntUnaryOperator) x -> new Local().plus(x);
                    return add.applyAsInt(twice.applyAsInt(new Box(a).value));
                }

                static final class Box {
                    final int value;

                    Box(int value) { this.value = value; }
                }
            }
            """;

    @Test
    void javacAttributingTheClassFirstDoesNotChangeTheFingerprint() {
        // A lattice in the class makes javac attribute it before the electron is fingerprinted:
        // attribution adds types to var and lambda parameters, super() calls and default constructors.
        String withLattice = SYNTHETIC
                .replace("import dev.valence.Electron;", "import dev.valence.Electron;\nimport dev.valence.Lattice;")
                .replace(
                        "    static final class Box {",
                        "    @Lattice static int flow(int a) { return task(a); }\n\n    static final class Box {");

        assertThat(fingerprint(withLattice)).isEqualTo(fingerprint(SYNTHETIC));
    }

    @Test
    void changingCodeInsideAnAnonymousOrLocalClassOrAConstructorChangesTheFingerprint() {
        assertThat(fingerprint(SYNTHETIC.replace("return 2 * x;", "return 3 * x;")))
                .isNotEqualTo(fingerprint(SYNTHETIC));
        assertThat(fingerprint(SYNTHETIC.replace("return x + 1;", "return x + 2;")))
                .isNotEqualTo(fingerprint(SYNTHETIC));
        assertThat(fingerprint(SYNTHETIC.replace("this.value = value;", "this.value = value + 1;")))
                .isNotEqualTo(fingerprint(SYNTHETIC));
    }

    @Test
    void literalsCountByValue() {
        String hex = ORIGINAL.replace("return b + 1;", "return b + 0x1;");

        assertThat(fingerprint(hex)).isEqualTo(fingerprint(ORIGINAL));
        assertThat(fingerprint(ORIGINAL.replace("return b + 1;", "return b + 1L > 0 ? 1 : 0;")))
                .isNotEqualTo(fingerprint(ORIGINAL));
    }
}
