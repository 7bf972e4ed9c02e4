package dev.valence.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every rule on {@code @Electron} methods: the error, its message, and the line it points at. */
class ElectronValidationTest {

    private static JavaFileObject electrons(String members) {
        return Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.Lattice;

                public class Tasks {
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
    void anInstanceElectronIsRejected() {
        assertError(
                electrons("@Electron int notStatic(int a) { return a; }"),
                "electron 'notStatic' must be static",
                "int notStatic(");
    }

    @Test
    void aPrivateElectronIsRejected() {
        assertError(
                electrons("@Electron private static int hidden(int a) { return a; }"),
                "electron 'hidden' must not be private: the generated class calls it from the same package",
                "int hidden(");
    }

    @Test
    void aGenericElectronWhoseBoundMentionsATypeVariableIsRejected() {
        assertError(
                electrons("@Electron static <T extends Comparable<T>> T larger(T a, T b) { return a; }"),
                "the bound of type parameter T of electron 'larger' mentions a type variable (java.lang.Comparable<T>)",
                "T larger(");
    }

    @Test
    void anElectronWithAParameterOfAPrivateClassIsRejected() {
        assertError(
                electrons("""
                        private static class Secret {}
                        @Electron static int hidden(
                            Secret secret) { return 1; }
                        """),
                "parameter 'secret' of electron 'hidden' has type p.Tasks.Secret, which uses the private class 'Secret'"
                        + " that generated code cannot name",
                "Secret secret) { return 1; }");
    }

    @Test
    void anElectronInAnInnerClassIsRejected() {
        assertError(
                electrons("class Inner { @Electron static int inner(int a) { return a; } }"),
                "electron 'inner' is declared in the inner class 'Inner'; make that class static",
                "int inner(");
    }

    @Test
    void anElectronInAPrivateNestedClassIsRejected() {
        assertError(
                electrons("private static class Hidden { @Electron static int nested(int a) { return a; } }"),
                "electron 'nested' is declared in the private class 'Hidden'",
                "int nested(");
    }

    @Test
    void aNameThatIsNotAnIdentifierIsRejectedAtTheAttribute() {
        assertError(
                electrons("""
                        @Electron(
                            name = "not an identifier")
                        static int named(int a) { return a; }
                        """),
                "electron name 'not an identifier' is not a Java identifier",
                "name = \"not an identifier\"");
    }

    @Test
    void twoElectronsWithTheSameNameAreRejected() {
        assertError(electrons("""
                        @Electron(name = "load") static int first(int a) { return a; }
                        @Electron(name = "load") static int second(int a) { return a; }
                        """), "electron name 'load' is already used by 'first' in this class", "int second(");
    }

    @Test
    void overloadedElectronsAreRejected() {
        assertError(
                electrons("""
                        @Electron static int task(int a) { return a; }
                        @Electron static int task(String a) { return a.length(); }
                        """),
                "electron 'task' is overloaded; electrons need unique method names",
                "int task(String a)");
    }

    @Test
    void negativeRetriesAreRejectedAtTheAttribute() {
        assertError(electrons("""
                        @Electron(
                            retries = -1)
                        static int flaky(int a) { return a; }
                        """), "retries must not be negative, got -1", "retries = -1");
    }

    @Test
    void aTimeoutThatIsNotADurationIsRejectedWithAnExample() {
        assertError(
                electrons("""
                        @Electron(
                            timeout = "30 seconds")
                        static int slow(int a) { return a; }
                        """),
                "timeout '30 seconds' is not an ISO-8601 duration; write for example \"PT30S\"",
                "timeout = \"30 seconds\"");
    }

    @Test
    void aRetryDelayThatIsNotADurationIsRejectedWithAnExample() {
        assertError(
                electrons("""
                        @Electron(
                            retries = 2,
                            retryDelay = "1s")
                        static int flaky(int a) { return a; }
                        """),
                "retryDelay '1s' is not an ISO-8601 duration; write for example \"PT1S\"",
                "retryDelay = \"1s\"");
    }

    @Test
    void aRetryBackoffBelowOneIsRejected() {
        assertError(
                electrons("""
                        @Electron(
                            retries = 2,
                            retryBackoff = 0.5)
                        static int flaky(int a) { return a; }
                        """), "retryBackoff must be a finite number of at least 1, got 0.5", "retryBackoff = 0.5");
    }

    @Test
    void aZeroTimeoutIsRejected() {
        assertError(electrons("""
                        @Electron(
                            timeout = "PT0S")
                        static int instant(int a) { return a; }
                        """), "timeout 'PT0S' must be positive", "timeout = \"PT0S\"");
    }

    @Test
    void aMethodCannotBeBothAnElectronAndALattice() {
        assertError(
                electrons("@Electron @Lattice static int both(int a) { return a; }"),
                "'both' is both an @Electron and a @Lattice; keep one of the two",
                "int both(");
    }
}
