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
                    @Electron static String label(int n) { return " " + n; }
                    @Electron static void log(int n) {}
                    static int helper(int a) { return a; }
                    private static int secret(int a) { return a; }
                    static int last;
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
                "void lattices are not supported; return a value",
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
    void arithmeticOnAnElectronResultIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int arithmetic(int a) {
                            int x = inc(a);
                            return add(x * 2, a);
                        }
                        """),
                "the result of electron 'inc' is only known when the graph runs, so it cannot be used in arithmetic or"
                        + " a comparison while the graph is built: do this inside an electron that takes the result as a"
                        + " parameter",
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
                "the result of electron 'inc' is only known when the graph runs, so it cannot be passed to 'valueOf',"
                        + " which is not an @Electron while the graph is built: mark 'valueOf' @Electron, or pass the"
                        + " result to an electron that calls it",
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
                "the result of electron 'many' is only known when the graph runs, so it cannot have its field 'length'"
                        + " read while the graph is built",
                "return inc(values.length);");
    }

    @Test
    void reassigningAParameterIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int bump(int a) {
                            a++;
                            return inc(a);
                        }
                        """),
                "parameter 'a' is an input of the graph and cannot be reassigned in a lattice: declare a local for the new value",
                "a++;");
    }

    @Test
    void aLatticeWithoutReturnIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int noReturn(int a) {
                            inc(a);
                            throw new IllegalStateException();
                        }
                        """),
                "lattice 'noReturn' never returns: end it with 'return' of an electron's result",
                "int noReturn(");
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
                "'inc(a)' is int but 'x' is double; the graph passes values without conversion: make the types match, or"
                        + " convert inside an electron",
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
        assertError(
                lattice("""
                        @Lattice static double widenedResult(int a) {
                            int x = inc(a);
                            return x;
                        }
                        """),
                "'x' is int but the result of lattice 'widenedResult' is double; the graph passes values without conversion",
                "return x;");
    }

    @Test
    void aNullArgumentIsRejected() {
        assertError(
                lattice("""
                        @Electron static int size(String s) { return s.length(); }
                        @Lattice static int nothing(int a) {
                            return size(null);
                        }
                        """),
                "null cannot be parameter 's' of electron 'size': graph values are never null",
                "return size(null);");
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
    void anElectronResultCannotDecideACondition() {
        assertError(
                lattice("""
                        @Lattice static int branch(int a) {
                            int x = inc(a);
                            if (x > 0) {
                                return inc(x);
                            }
                            return a;
                        }
                        """),
                "the result of electron 'inc' is only known when the graph runs, so it cannot decide a condition while"
                        + " the graph is built (the graph's shape may depend on inputs only): move the decision into an"
                        + " electron, or pass the result to a lattice, which then runs as a dynamic sublattice",
                "if (x > 0)");
    }

    @Test
    void anElectronResultCannotDecideAConditionalExpression() {
        assertError(
                lattice("""
                        @Lattice static int choose(int a) {
                            return inc(a) > 2 ? inc(a) : a;
                        }
                        """),
                "so it cannot decide a condition while the graph is built",
                "return inc(a) > 2 ? inc(a) : a;");
    }

    @Test
    void anElectronResultCannotBoundALoop() {
        assertError(
                lattice("""
                        @Lattice static int loop(int a) {
                            for (int i = 0;
                                    i < inc(a); i++) {
                                inc(i);
                            }
                            return a;
                        }
                        """),
                "the result of electron 'inc' is only known when the graph runs, so it cannot bound a loop",
                "i < inc(a); i++) {");
    }

    @Test
    void anElectronResultCannotBeLoopedOver() {
        assertError(
                lattice("""
                        @Lattice static int each(int a) {
                            for (int value : many(a)) {
                                inc(value);
                            }
                            return a;
                        }
                        """),
                "the result of electron 'many' is only known when the graph runs, so it cannot be looped"
                        + " over (the number of nodes would depend on it)",
                "for (int value : many(a))");
    }

    @Test
    void anElectronResultCannotSelectASwitchCase() {
        assertError(lattice("""
                        @Lattice static int select(int a) {
                            switch (inc(a)) {
                                default:
                                    return a;
                            }
                        }
                        """), "so it cannot select a switch case while the graph is built", "switch (inc(a))");
    }

    @Test
    void anElectronResultCannotBeConcatenatedIntoAString() {
        assertError(
                lattice("""
                        @Lattice static int text(int a) {
                            String message = "value " + inc(a);
                            return a;
                        }
                        """),
                "the result of electron 'inc' is only known when the graph runs, so it cannot be"
                        + " concatenated into a string",
                "String message = \"value \" + inc(a);");
    }

    @Test
    void anElectronResultCannotHaveAMethodCalled() {
        assertError(
                lattice("""
                        @Lattice static int trim(int a) {
                            String trimmed = label(a).trim();
                            return a;
                        }
                        """),
                "the result of electron 'label' is only known when the graph runs, so it cannot have its"
                        + " method 'trim' called",
                "String trimmed = label(a).trim();");
    }

    @Test
    void anElectronResultCannotBeCapturedByALambda() {
        assertError(
                lattice("""
                        @Lattice static int capture(int a) {
                            int x = inc(a);
                            java.util.function.IntSupplier later = () -> x;
                            return x;
                        }
                        """),
                "the result of electron 'inc' is only known when the graph runs, so it cannot be captured"
                        + " by a lambda or an anonymous class",
                "IntSupplier later = () -> x;");
    }

    @Test
    void anElectronCalledInsideALambdaIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int stream(int a) {
                            java.util.List.of(1, 2).forEach(i -> inc(i));
                            return a;
                        }
                        """),
                "calls of electron 'inc' inside a lambda or an anonymous class do not become nodes of the"
                        + " graph: call 'inc' in the lattice body itself",
                "forEach(i -> inc(i));");
    }

    @Test
    void anElectronPassedAsAMethodReferenceIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int reference(int a) {
                            java.util.function.IntUnaryOperator step = Flow::inc;
                            return a;
                        }
                        """),
                "'Flow::inc' refers to electron 'inc' without calling it",
                "IntUnaryOperator step = Flow::inc;");
    }

    @Test
    void anElectronResultCannotBeStoredInAField() {
        assertError(
                lattice("""
                        @Lattice static int store(int a) {
                            last = inc(a);
                            return a;
                        }
                        """),
                "the result of electron 'inc' is only known when the graph runs, so it cannot be stored in"
                        + " field 'last' while the graph is built: keep it in a local of the lattice, or return it",
                "last = inc(a);");
    }

    @Test
    void anElectronResultCannotBeStoredInAnArray() {
        assertError(
                lattice("""
                        @Lattice static int store(int a) {
                            int[] values = new int[1];
                            values[0] = inc(a);
                            return a;
                        }
                        """),
                "so it cannot be stored in an array while the graph is built: collect electron results in a"
                        + " List local",
                "values[0] = inc(a);");
    }

    @Test
    void anElectronResultCannotIndexAnArray() {
        assertError(lattice("""
                        @Lattice static int index(int a, int[] values) {
                            int value = values[inc(a)];
                            return a;
                        }
                        """), "so it cannot index an array or be indexed", "int value = values[inc(a)];");
    }

    @Test
    void anElectronResultCannotBeCast() {
        assertError(
                lattice("""
                        @Lattice static long cast(int a) {
                            return (long) inc(a);
                        }
                        """),
                "so it cannot be converted with a cast while the graph is built: give the electron the"
                        + " return type you need",
                "return (long) inc(a);");
    }

    @Test
    void aMapCannotCollectElectronResults() {
        assertError(
                lattice("""
                        @Lattice static int collect(int a) {
                            java.util.Map<String, Integer> results = new java.util.HashMap<>();
                            results.put("a", inc(a));
                            return a;
                        }
                        """),
                "so it cannot be collected in 'results' while the graph is built: collect electron results"
                        + " in a List local",
                "results.put(\"a\", inc(a));");
    }

    @Test
    void aListOfElectronResultsOffersOnlyAddSetGetAndSize() {
        assertError(
                lattice("""
                        @Lattice static int collect(int a) {
                            java.util.List<Integer> results = new java.util.ArrayList<>();
                            results.add(inc(a));
                            results.clear();
                            return a;
                        }
                        """),
                "'results' collects the results of electron 'inc', which are only known when the graph runs;"
                        + " while the graph is built only add, set, get, size and isEmpty work on it",
                "results.clear();");
    }

    @Test
    void aListOfElectronResultsMustStartEmpty() {
        assertError(
                lattice("""
                        @Lattice static int collect(int a) {
                            java.util.List<Integer> results = new java.util.ArrayList<>(java.util.List.of(1));
                            results.add(inc(a));
                            return a;
                        }
                        """),
                "'results' collects electron results, so it must start empty",
                "new java.util.ArrayList<>(java.util.List.of(1));");
    }

    @Test
    void aListOfElectronResultsNeedsADeclaredType() {
        assertError(
                lattice("""
                        @Lattice static int collect(int a) {
                            var results = new java.util.ArrayList<>();
                            results.add(inc(a));
                            return a;
                        }
                        """),
                "'results' collects electron results; declare its type instead of 'var'",
                "var results =");
    }

    @Test
    void aLatticeCannotCallItself() {
        assertError(
                lattice("""
                        @Lattice static int again(int a) {
                            return again(inc(a));
                        }
                        """),
                "lattice 'again' calls itself; a lattice's graph must be finite, so lattices cannot be"
                        + " recursive: iterate with a loop over an input",
                "return again(inc(a));");
    }

    @Test
    void latticesCannotCallEachOtherInACycle() {
        assertError(
                lattice("""
                        @Lattice static int ping(int a) {
                            return pong(a);
                        }
                        @Lattice static int pong(int a) {
                            return inc(a) + 0 == 0 ? a : a;
                        }
                        """.replace("return inc(a) + 0 == 0 ? a : a;", "return ping(a + 1);")),
                "lattice 'ping' calls itself (through 'pong' -> 'ping')",
                "return pong(a);");
    }

    @Test
    void aPrivateHelperIsRejectedWithWhatToChange() {
        assertError(
                lattice("""
                        @Lattice static int hidden(int a) {
                            return inc(secret(a));
                        }
                        """),
                "'secret' is private; the generated graph builder in FlowLattices cannot call it: make it"
                        + " package-private",
                "return inc(secret(a));");
    }

    @Test
    void tryStatementsAreRejected() {
        assertError(
                lattice("""
                        @Lattice static int guarded(int a) {
                            try {
                                return inc(a);
                            } catch (RuntimeException e) {
                                return a;
                            }
                        }
                        """),
                "try statements are not supported in a lattice body: electrons fail when the graph runs",
                "try {");
    }

    @Test
    void synchronizedBlocksAreRejected() {
        assertError(
                lattice("""
                        @Lattice static int locked(int a) {
                            synchronized (Flow.class) {
                                return inc(a);
                            }
                        }
                        """), "synchronized blocks are not supported in a lattice body", "synchronized (Flow.class)");
    }

    @Test
    void localClassesAreRejected() {
        assertError(
                lattice("""
                        @Lattice static int local(int a) {
                            class Helper {}
                            return inc(a);
                        }
                        """),
                "local classes are not supported in a lattice body, which is copied into generated code",
                "class Helper {}");
    }

    @Test
    void anElectronCalledThroughAnInstanceIsRejected() {
        assertError(
                lattice("""
                        @SuppressWarnings("static")
                        @Lattice static int instance(int a, Flow flow) {
                            return flow.inc(a);
                        }
                        """), "call electron 'inc' through its class name, as in Flow.inc(...)", "return flow.inc(a);");
    }

    @Test
    void aVariableArityElectronIsCalledWithOneValuePerParameter() {
        assertError(
                lattice("""
                        @Electron static int total(int... values) { return values.length; }
                        @Lattice static int spread(int a) {
                            return total(a, a);
                        }
                        """),
                "electron 'total' takes a variable number of arguments; in a lattice, pass exactly one value"
                        + " per parameter",
                "return total(a, a);");
    }

    @Test
    void aGenericElectronWhoseResultCannotBeNamedIsRejected() {
        assertError(lattice("""
                        @Electron static <T> T first(java.util.List<T> values) { return values.get(0); }
                        @Lattice static int wildcard(int a, java.util.List<?> values) {
                            first(values);
                            return a;
                        }
                        """), "the result of generic electron 'first' is inferred as", "first(values);");
    }

    @Test
    void aCallOfABrokenLatticeIsReportedAtTheCall() {
        assertError(
                lattice("""
                        @Lattice static int ignoring(@dev.valence.IgnoreForCache int a) { return inc(a); }
                        @Lattice static int caller(int a) {
                            return ignoring(inc(a));
                        }
                        """),
                "lattice 'ignoring' cannot be called until its own errors are fixed",
                "return ignoring(inc(a));");
    }

    @Test
    void twoLatticesWithTheSameNameAreRejected() {
        assertError(lattice("""
                        @Lattice(name = "daily") static int first(int a) { return inc(a); }
                        @Lattice(name = "daily") static int second(int a) { return inc(a); }
                        """), "lattice name 'daily' is already used by 'first' in this class", "int second(");
    }

    @Test
    void aLatticeNamedLikeAGeneratedMethodIsRejected() {
        assertError(
                lattice("""
                        @Lattice static int run(int a) { return inc(a); }
                        @Lattice static int expandRun(int a) { return inc(a); }
                        """),
                "lattice 'expandRun' clashes with the generated method expandRun(...) of lattice 'run'",
                "int expandRun(");
    }

    @Test
    void aVoidElectronUsedAsAValueIsLeftToJavac() {
        JavaFileObject source = lattice("""
                @Lattice static int useless(int a) {
                    int x = log(a);
                    return inc(x);
                }
                """);

        Compilation compilation = Compilations.compile(source);

        assertThat(compilation)
                .hadErrorContaining("incompatible types")
                .inFile(source)
                .onLineContaining("int x = log(a);");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void anUnreachableStatementIsLeftToJavac() {
        JavaFileObject source = lattice("""
                @Lattice static int late(int a) {
                    return inc(a);
                    int unreachable = inc(a);
                }
                """);

        Compilation compilation = Compilations.compile(source);

        assertThat(compilation)
                .hadErrorContaining("unreachable statement")
                .inFile(source)
                .onLineContaining("int unreachable = inc(a);");
        assertThat(compilation).hadErrorCount(1);
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
