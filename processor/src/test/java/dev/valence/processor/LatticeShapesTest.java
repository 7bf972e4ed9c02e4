package dev.valence.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Workflow;
import java.time.Duration;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Lattices and electrons beyond the running example: each compiles warning-free and runs. */
class LatticeShapesTest {

    @Test
    void electronAttributesReachTheGeneratedReference() {
        Compilation compilation = Compilations.compile(Compilations.source("""
                package p;

                import dev.valence.Electron;

                public class Tuned {
                    @Electron(name = "fetch", version = "2", cache = false, executor = "io", retries = 3, timeout = "PT30S")
                    static String download(String url) {
                        return url;
                    }
                }
                """));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(Compilations.generatedSource(compilation, "p.TunedElectrons"))
                .contains("""
                        .name("fetch")
                                    .parameter("url", "java.lang.String")
                                    .returns("java.lang.String")\
                        """);

        ElectronRef<?> electron =
                (ElectronRef<?>) new GeneratedClasses(compilation).call("p.TunedElectrons", "download");

        assertThat(electron.name()).isEqualTo("fetch");
        assertThat(electron.version()).isEqualTo("2");
        assertThat(electron.cache()).isFalse();
        assertThat(electron.executor()).isEqualTo("io");
        assertThat(electron.retries()).isEqualTo(3);
        assertThat(electron.timeout()).hasValue(Duration.ofSeconds(30));
    }

    @Test
    void retryDelayBackoffAndTypesReachTheGeneratedReference() {
        Compilation compilation = Compilations.compile(Compilations.source("""
                package p;

                import dev.valence.Electron;
                import java.io.IOException;
                import java.io.UncheckedIOException;

                public class Network {
                    @Electron(retries = 4, retryDelay = "PT0.5S", retryBackoff = 1.5,
                            retryOn = {IOException.class, UncheckedIOException.class})
                    static String fetch(String url) {
                        return url;
                    }
                }
                """));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(Compilations.generatedSource(compilation, "p.NetworkElectrons"))
                .contains(".retryOn(IOException.class, UncheckedIOException.class)");

        ElectronRef<?> electron =
                (ElectronRef<?>) new GeneratedClasses(compilation).call("p.NetworkElectrons", "fetch");

        assertThat(electron.retries()).isEqualTo(4);
        assertThat(electron.retryDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(electron.retryBackoff()).isEqualTo(1.5);
        assertThat(electron.retryOn()).containsExactly(java.io.IOException.class, java.io.UncheckedIOException.class);
    }

    @Test
    void aParameterIgnoredForTheCacheIsMarkedInTheGeneratedReference() {
        Compilation compilation = Compilations.compile(Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.IgnoreForCache;

                public class Logged {
                    @Electron
                    static int work(int size, @IgnoreForCache String logPrefix) {
                        return size * 2;
                    }
                }
                """));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(Compilations.generatedSource(compilation, "p.LoggedElectrons"))
                .contains(".ignoredParameter(\"logPrefix\", \"java.lang.String\")");

        ElectronRef<?> electron = (ElectronRef<?>) new GeneratedClasses(compilation).call("p.LoggedElectrons", "work");
        assertThat(electron.parameters().get(0).keyed()).isTrue();
        assertThat(electron.parameters().get(1).keyed()).isFalse();
    }

    @Test
    void defaultAttributesAreNotRepeatedInGeneratedCode() {
        Compilation compilation = Compilations.compile(ArithmeticTest.ARITHMETIC);

        assertThat(Compilations.generatedSource(compilation, "dev.valence.examples.ArithmeticElectrons"))
                .doesNotContainMatch("\\.(version|cache|executor|retries|timeout)\\(");
    }

    @Test
    void constantsUnusedResultsAndRepeatedCallsBecomeNodes() {
        Compilation compilation = Compilations.compile(Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.Lattice;

                public class Steps {
                    static final int BONUS = 100;

                    @Electron static int add(int a, int b) { return a + b; }
                    @Electron static double scale(double x, double factor) { return x * factor; }
                    @Electron static String log(String message) { return message; }

                    @Lattice
                    static double run(int a) {
                        log("starting");
                        int x = add(a, 10);
                        int y = add(x, -3);
                        int z = add(y, BONUS);
                        return scale(2, 0.5);
                    }
                }
                """));
        assertThat(compilation).succeededWithoutWarnings();
        String lattices = Compilations.generatedSource(compilation, "p.StepsLattices");
        assertThat(lattices)
                .contains("graph.call(StepsElectrons.log(), graph.constant(\"starting\", \"java.lang.String\"));");
        assertThat(lattices).contains("graph.constant(-3, \"java.lang.Integer\")");
        assertThat(lattices).contains("graph.constant((double) 2, \"java.lang.Double\")");

        Workflow<?> workflow = (Workflow<?>)
                new GeneratedClasses(compilation).call("p.StepsLattices", "run", new Class<?>[] {int.class}, 1);

        assertThat(WorkflowEvaluator.nodeNames(workflow))
                .containsExactly(
                        "a",
                        "constant#1",
                        "log",
                        "constant#3",
                        "add[a,10]",
                        "constant#5",
                        "add[-3]",
                        "constant#7",
                        "add[100]",
                        "constant#9",
                        "constant#10",
                        "scale")
                .inOrder();
        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(1.0);
    }

    @Test
    void returningAResultLocalOrAParameterNeedsNoExtraNode() {
        Compilation compilation = Compilations.compile(Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.Lattice;

                public class Returns {
                    @Electron static int twice(int a) { return 2 * a; }

                    @Lattice static int local(int a) {
                        var doubled = twice(twice(a));
                        return doubled;
                    }

                    @Lattice static int parameter(int a) {
                        twice(a);
                        return a;
                    }
                }
                """));
        assertThat(compilation).succeededWithoutWarnings();
        GeneratedClasses classes = new GeneratedClasses(compilation);

        Workflow<?> local = (Workflow<?>) classes.call("p.ReturnsLattices", "local", new Class<?>[] {int.class}, 3);
        Workflow<?> parameter =
                (Workflow<?>) classes.call("p.ReturnsLattices", "parameter", new Class<?>[] {int.class}, 3);

        assertThat(WorkflowEvaluator.evaluate(local)).isEqualTo(12);
        assertThat(WorkflowEvaluator.nodeNames(local))
                .containsExactly("a", "twice[a]", "twice#2")
                .inOrder();
        assertThat(WorkflowEvaluator.evaluate(parameter)).isEqualTo(3);
    }

    @Test
    void electronsOfAnotherPackageAreCalledThroughTheirGeneratedClass() {
        JavaFileObject library = Compilations.source("""
                package lib;

                import dev.valence.Electron;

                public final class MathLib {
                    private MathLib() {}

                    @Electron public static long square(long x) { return x * x; }
                }
                """);
        JavaFileObject app = Compilations.source("""
                package app;

                import dev.valence.Lattice;
                import lib.MathLib;

                public final class App {
                    private App() {}

                    @Lattice public static long area(long side) {
                        return MathLib.square(side);
                    }
                }
                """);
        Compilation compilation = Compilations.compile(library, app);
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(Compilations.generatedSource(compilation, "app.AppLattices"))
                .contains("import lib.MathLibElectrons;");

        Workflow<?> workflow = (Workflow<?>)
                new GeneratedClasses(compilation).call("app.AppLattices", "area", new Class<?>[] {long.class}, 7L);

        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(49L);
    }

    @Test
    void staticNestedClassesGetUnderscoredGeneratedNames() {
        Compilation compilation = Compilations.compile(Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.Lattice;

                public class Outer {
                    public static class Inner {
                        @Electron static String greet(String name) { return "hello " + name; }

                        @Lattice static String welcome(String name) { return greet(name); }
                    }
                }
                """));
        assertThat(compilation).succeededWithoutWarnings();
        GeneratedClasses classes = new GeneratedClasses(compilation);

        ElectronRef<?> greet = (ElectronRef<?>) classes.call("p.Outer_InnerElectrons", "greet");
        Workflow<?> workflow =
                (Workflow<?>) classes.call("p.Outer_InnerLattices", "welcome", new Class<?>[] {String.class}, "you");

        assertThat(greet.id()).isEqualTo("p.Outer$Inner#greet");
        assertThat(greet.catalog()).isEqualTo("p.Outer_InnerElectrons$Catalog");
        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo("hello you");
    }

    @Test
    void genericParameterTypesCompileWithoutUncheckedWarnings() {
        Compilation compilation = Compilations.compile(Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.Lattice;
                import java.util.List;
                import java.util.Map;

                public class Words {
                    @Electron static int count(List<String> words) { return words.size(); }
                    @Electron static Map<String, Integer> index(List<? extends CharSequence> words, int[] weights) {
                        return Map.of("n", words.size() + weights.length);
                    }

                    @Lattice static int total(List<String> words) { return count(words); }
                }
                """));
        assertThat(compilation).succeededWithoutWarnings();
        String electrons = Compilations.generatedSource(compilation, "p.WordsElectrons");
        assertThat(electrons).contains(".parameter(\"words\", \"java.util.List<java.lang.String>\")");
        assertThat(electrons).contains(".parameter(\"weights\", \"int[]\")");
        assertThat(electrons).contains(".returns(\"java.util.Map<java.lang.String,java.lang.Integer>\")");
        assertThat(electrons).contains("@SuppressWarnings(\"unchecked\")");

        Workflow<?> workflow = (Workflow<?>) new GeneratedClasses(compilation)
                .call("p.WordsLattices", "total", new Class<?>[] {List.class}, List.of("a", "b"));

        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(2);
        assertThat(workflow.inputs().get(0).type()).isEqualTo("java.util.List<java.lang.String>");
    }

    @Test
    void userLocalsKeepTheirNamesAndClashesGetANumber() {
        Compilation compilation = Compilations.compile(Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.Lattice;

                public class Names {
                    @Electron static int id(int a) { return a; }

                    @Lattice static int run(int graph, int a) {
                        int aInput = id(a);
                        int result = id(aInput);
                        return id(result);
                    }
                }
                """));
        assertThat(compilation).succeededWithoutWarnings();
        String lattices = Compilations.generatedSource(compilation, "p.NamesLattices");

        assertThat(lattices).contains("Graph.Builder graph2 = Graph.builder();");
        assertThat(lattices).contains("Handle<Integer> aInput2 = graph2.input(\"a\", a, \"java.lang.Integer\");");
        assertThat(lattices).contains("Handle<Integer> aInput = graph2.call(NamesElectrons.id(), aInput2);");
        assertThat(lattices).contains("Handle<Integer> result = graph2.call(NamesElectrons.id(), aInput);");
        assertThat(lattices).contains("return graph2.call(NamesElectrons.id(), result);");
        assertThat(lattices).contains("return RUN.workflow(graph2, buildRun(graph2, aInput2));");
    }

    @Test
    void deprecatedElectronsDoNotMakeTheGeneratedCodeWarn() {
        Compilation compilation = Compilations.compile(Compilations.source("""
                package p;

                import dev.valence.Electron;

                public class Old {
                    /** @deprecated use something else */
                    @Deprecated
                    @Electron static int legacy(Object anything) { return 1; }
                }
                """));

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(Compilations.generatedSource(compilation, "p.OldElectrons")).contains("Old.legacy(args[0])");
    }

    @Test
    void rawParameterTypesCompileWithoutRawtypesWarnings() {
        Compilation compilation = Compilations.compile(Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.Lattice;
                import java.util.List;

                public class Raw {
                    @SuppressWarnings("rawtypes")
                    @Electron static int size(List items) { return items.size(); }

                    @SuppressWarnings("rawtypes")
                    @Lattice static int count(List items) { return size(items); }
                }
                """));

        assertThat(compilation).succeededWithoutWarnings();
    }
}
