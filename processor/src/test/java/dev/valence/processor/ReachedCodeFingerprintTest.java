package dev.valence.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A code fingerprint covers everything the electron's body reaches in the build: helpers in other
 * classes and packages, constructors, field initializers and the values of constants (issue 12).
 */
class ReachedCodeFingerprintTest {
    private static final String CALC = """
            package p;

            import dev.valence.Electron;
            import q.Fmt;

            public class Calc {
                static final int FACTOR = 2;
                static final java.util.List<String> NAMES = java.util.List.of("a", "b");

                @Electron static String task(int a) {
                    return Fmt.row(a * FACTOR) + NAMES.size() + new Fmt.Cell(a).text();
                }
            }
            """;

    private static final String FMT = """
            package q;

            public final class Fmt {
                private static final String SEPARATOR = ";";
                private static final StringBuilder SHARED = new StringBuilder("x");

                private Fmt() {}

                public static String row(int value) {
                    return pad(value) + SEPARATOR;
                }

                private static String pad(int value) {
                    return "[" + value + "]" + SHARED.length();
                }

                /** A value object, built by the electron. */
                public static final class Cell {
                    private final int value;
                    private final String prefix = "c";

                    public Cell(int value) {
                        this.value = value;
                    }

                    public String text() {
                        return prefix + value;
                    }
                }
            }
            """;

    private static String fingerprint(String calc, String fmt) {
        Compilation compilation = Compilations.compile(Compilations.source(calc), Compilations.source(fmt));
        assertThat(compilation).succeededWithoutWarnings();
        Matcher matcher = Pattern.compile("codeFingerprint\\(\"([0-9a-f]{64})\"\\)")
                .matcher(Compilations.generatedSource(compilation, "p.CalcElectrons"));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    private static String original() {
        return fingerprint(CALC, FMT);
    }

    @Test
    void changingAHelperInAnotherClassOfAnotherPackageChangesTheFingerprint() {
        assertThat(fingerprint(
                        CALC, FMT.replace("return pad(value) + SEPARATOR;", "return pad(value + 1) + SEPARATOR;")))
                .isNotEqualTo(original());
    }

    @Test
    void changingAHelperThatTheOtherClassCallsChangesTheFingerprint() {
        assertThat(fingerprint(CALC, FMT.replace("return \"[\" + value", "return \"(\" + value")))
                .isNotEqualTo(original());
    }

    @Test
    void changingAConstantTheElectronReadsChangesTheFingerprint() {
        assertThat(fingerprint(CALC.replace("FACTOR = 2;", "FACTOR = 3;"), FMT)).isNotEqualTo(original());
    }

    @Test
    void changingAConstantOfAnotherClassChangesTheFingerprint() {
        assertThat(fingerprint(CALC, FMT.replace("SEPARATOR = \";\"", "SEPARATOR = \",\"")))
                .isNotEqualTo(original());
    }

    @Test
    void changingTheInitializerOfAStaticFieldChangesTheFingerprint() {
        assertThat(fingerprint(CALC.replace("List.of(\"a\", \"b\")", "List.of(\"a\")"), FMT))
                .isNotEqualTo(original());
        assertThat(fingerprint(CALC, FMT.replace("new StringBuilder(\"x\")", "new StringBuilder(\"xy\")")))
                .isNotEqualTo(original());
    }

    @Test
    void changingAConstructorOrAnInstanceFieldInitializerChangesTheFingerprint() {
        assertThat(fingerprint(CALC, FMT.replace("this.value = value;", "this.value = -value;")))
                .isNotEqualTo(original());
        assertThat(fingerprint(CALC, FMT.replace("prefix = \"c\"", "prefix = \"d\"")))
                .isNotEqualTo(original());
    }

    @Test
    void changingCodeTheElectronDoesNotReachKeepsTheFingerprint() {
        String unreached =
                FMT.replace("    private Fmt() {}", "    private Fmt() {}\n\n    static int unused() { return 1; }");

        assertThat(fingerprint(CALC, unreached)).isEqualTo(original());
        assertThat(fingerprint(CALC, unreached.replace("return 1;", "return 2;")))
                .isEqualTo(original());
    }

    @Test
    void reformattingAndCommentsInReachedCodeKeepTheFingerprint() {
        String reformatted = FMT.replace("return pad(value) + SEPARATOR;", "return pad( value )  +  SEPARATOR; // why")
                .replace(
                        "public static String row(int value) {",
                        "/** Documented. */\n    public static String row(int value)\n    {");

        assertThat(fingerprint(CALC, reformatted)).isEqualTo(original());
    }

    @Test
    void theOrderOfTheSourceFilesDoesNotCount() {
        JavaFileObject[] sources = {Compilations.source(FMT), Compilations.source(CALC)};
        Compilation compilation = Compilations.compile(Arrays.copyOf(sources, sources.length));
        assertThat(compilation).succeededWithoutWarnings();

        assertThat(Compilations.generatedSource(compilation, "p.CalcElectrons")).contains(original());
    }

    @Test
    void classesOutsideTheBuildAreListedForTheRuntime() {
        String library = """
                package p;

                import com.google.common.base.Strings;
                import dev.valence.Electron;
                import q.Fmt;

                public class Calc {
                    @Electron static String task(String text) {
                        return Strings.repeat(text, 2).trim() + Fmt.row(1);
                    }

                    @Electron static int plain(int a) { return a + 1; }
                }
                """;
        String fmt = """
                package q;

                public final class Fmt {
                    private Fmt() {}

                    public static String row(int value) { return Integer.toString(value); }
                }
                """;
        Compilation compilation = Compilations.compile(Compilations.source(library), Compilations.source(fmt));
        assertThat(compilation).succeededWithoutWarnings();
        String generated = Compilations.generatedSource(compilation, "p.CalcElectrons");

        // The library's class and the JDK's, sorted; Fmt is in the build, so its code is hashed instead.
        assertThat(generated)
                .contains(".externalClasses(\"com.google.common.base.Strings\", \"java.lang.Integer\","
                        + " \"java.lang.String\")\n");
        assertThat(generated.split("externalClasses", -1)).hasLength(2); // plain reaches nothing outside
    }

    private static final String SHAPES = """
            package p;

            import dev.valence.Electron;
            import java.util.List;
            import java.util.function.IntUnaryOperator;

            public class Calc {
                @Electron static int task(List<Integer> values) {
                    int total = Shapes.Kind.SQUARE.sides + Shapes.even(values.size());
                    IntUnaryOperator twice = Shapes::twice;
                    Shapes.Named named = () -> "n";
                    return total + twice.applyAsInt(Shapes.<Integer>first(values)) + named.describe().length();
                }
            }
            """;

    private static final String SHAPES_HELPERS = """
            package p;

            import java.util.List;

            final class Shapes {
                private Shapes() {}

                enum Kind {
                    TRIANGLE(3), SQUARE(4);

                    final int sides;

                    Kind(int sides) { this.sides = sides; }
                }

                interface Named {
                    String name();

                    default String describe() { return "named " + name(); }
                }

                static int even(int n) { return n == 0 ? 1 : odd(n - 1); }

                static int odd(int n) { return n == 0 ? 0 : even(n - 1); }

                static int twice(int n) { return 2 * n; }

                static <T> T first(List<T> values) { return values.get(0); }
            }
            """;

    private static String shapes(String helpers) {
        Compilation compilation = Compilations.compile(Compilations.source(SHAPES), Compilations.source(helpers));
        assertThat(compilation).succeededWithoutWarnings();
        Matcher matcher = Pattern.compile("codeFingerprint\\(\"([0-9a-f]{64})\"\\)")
                .matcher(Compilations.generatedSource(compilation, "p.CalcElectrons"));
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    @Test
    void enumConstantsRecursionMethodReferencesDefaultMethodsAndGenericsAreFollowed() {
        String original = shapes(SHAPES_HELPERS);

        assertThat(shapes(SHAPES_HELPERS.replace("SQUARE(4)", "SQUARE(5)"))).isNotEqualTo(original);
        assertThat(shapes(SHAPES_HELPERS.replace("odd(n - 1); }", "odd(n - 2); }")))
                .isNotEqualTo(original);
        assertThat(shapes(SHAPES_HELPERS.replace("return 2 * n;", "return 3 * n;")))
                .isNotEqualTo(original);
        assertThat(shapes(SHAPES_HELPERS.replace("\"named \" + name()", "\"called \" + name()")))
                .isNotEqualTo(original);
        assertThat(shapes(SHAPES_HELPERS.replace("values.get(0)", "values.get(values.size() - 1)")))
                .isNotEqualTo(original);
        assertThat(shapes(SHAPES_HELPERS.replace("TRIANGLE(3)", "TRIANGLE(3) /* unread */")))
                .isEqualTo(original);
    }
}
