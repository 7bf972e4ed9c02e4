package dev.valence.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.graph.Workflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The lattice language beyond straight lines: each lattice compiles with {@code -Xlint:all
 * -Werror}, and its generated graph is run and checked node by node.
 */
class LatticeLanguageTest {
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

    static final JavaFileObject RENDER = Compilations.source("""
            package render;

            import dev.valence.Electron;
            import dev.valence.Lattice;
            import java.util.ArrayList;
            import java.util.List;

            public final class Render {
                private Render() {}

                @Electron
                public static double render(int frame, String scene) {
                    return frame * 1.5 + scene.length();
                }

                @Electron
                public static double total(List<Double> images) {
                    double sum = 0;
                    for (double image : images) {
                        sum += image;
                    }
                    return sum;
                }

                /** One render node per frame, gathered by one total node. */
                @Lattice
                public static double movie(int[] frames, String scene) {
                    List<Double> images = new ArrayList<>();
                    for (int frame : frames) {
                        // each frame is a node of its own
                        double image = render(frame, scene);
                        images.add(image);
                    }
                    return total(images);
                }
            }
            """);

    static final JavaFileObject SWEEP = Compilations.source("""
            package sweep;

            import dev.valence.Electron;
            import dev.valence.Lattice;
            import java.util.ArrayList;
            import java.util.List;

            public final class Sweep {
                static final int POINTS = 2;

                private Sweep() {}

                @Electron
                public static double score(double parameter) {
                    return -(parameter - 3.2) * (parameter - 3.2);
                }

                @Electron
                public static double best(List<Double> parameters, List<Double> scores) {
                    int best = 0;
                    for (int i = 1; i < scores.size(); i++) {
                        if (scores.get(i) > scores.get(best)) {
                            best = i;
                        }
                    }
                    return parameters.get(best);
                }

                /** Round 2: a finer grid around the best parameter of round 1. */
                @Lattice
                public static double refine(double center, double step) {
                    List<Double> parameters = new ArrayList<>();
                    List<Double> scores = new ArrayList<>();
                    for (int i = -POINTS; i <= POINTS; i++) {
                        double parameter = center + i * step;
                        parameters.add(parameter);
                        scores.add(score(parameter));
                    }
                    return best(parameters, scores);
                }

                /** Round 1 over the given parameters; its best one decides where round 2 looks. */
                @Lattice
                public static double sweep(List<Double> parameters) {
                    List<Double> scores = new ArrayList<>();
                    for (double parameter : parameters) {
                        scores.add(score(parameter));
                    }
                    double first = best(parameters, scores);
                    return refine(first, 0.1);
                }
            }
            """);

    private static Compilation compile(JavaFileObject... sources) {
        Compilation compilation = Compilations.compile(sources);
        assertThat(compilation).succeededWithoutWarnings();
        return compilation;
    }

    private static Workflow<?> workflow(
            Compilation compilation, String lattices, String lattice, Class<?>[] types, Object... arguments) {
        return (Workflow<?>) new GeneratedClasses(compilation).call(lattices, lattice, types, arguments);
    }

    private static JavaFileObject flow(String members) {
        return Compilations.source("""
                package p;

                import dev.valence.Electron;
                import dev.valence.Lattice;
                import java.util.ArrayList;
                import java.util.List;
                import java.util.Map;

                public class Flow {
                    @Electron static int inc(int a) { return a + 1; }
                    @Electron static int add(int a, int b) { return a + b; }
                    @Electron static double half(double x) { return x / 2; }
                    @Electron static int sum(List<Integer> values) {
                        return values.stream().mapToInt(Integer::intValue).sum();
                    }

                %s
                }
                """.formatted(members));
    }

    @Test
    void aLoopOverAnArrayInputFansOutAndAListLocalFansIn() throws IOException {
        Compilation compilation = compile(RENDER);
        assertMatchesGolden("RenderLattices.java", Compilations.generatedSource(compilation, "render.RenderLattices"));

        Workflow<?> workflow = workflow(
                compilation,
                "render.RenderLattices",
                "movie",
                new Class<?>[] {int[].class, String.class},
                new int[] {1, 2, 3},
                "ab");

        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(1.5 + 3 + 4.5 + 3 * 2);
        assertThat(WorkflowEvaluator.nodes(workflow))
                .containsExactly(
                        "frames:INPUT",
                        "scene:INPUT",
                        "constant#2:CONSTANT",
                        "render[1,scene]:ELECTRON",
                        "constant#4:CONSTANT",
                        "render[2,scene]:ELECTRON",
                        "constant#6:CONSTANT",
                        "render[3,scene]:ELECTRON",
                        "collection:COLLECTION",
                        "total:ELECTRON")
                .inOrder();
        Node total = workflow.graph().node(9);
        assertThat(total.arguments()).containsExactly(8);
        assertThat(workflow.graph().node(8).arguments())
                .containsExactly(3, 5, 7)
                .inOrder();
        assertThat(workflow.graph().node(8).type()).isEqualTo("java.util.List<java.lang.Double>");
    }

    @Test
    void theGraphsShapeFollowsTheInputs() {
        Compilation compilation = compile(RENDER);

        Workflow<?> none = workflow(
                compilation,
                "render.RenderLattices",
                "movie",
                new Class<?>[] {int[].class, String.class},
                new int[0],
                "");

        assertThat(WorkflowEvaluator.nodeNames(none)).containsExactly("frames", "scene", "collection", "total");
        assertThat(WorkflowEvaluator.evaluate(none)).isEqualTo(0.0);
    }

    @Test
    void aSweepWhoseSecondRoundIsADynamicSublattice() throws IOException {
        Compilation compilation = compile(SWEEP);
        assertMatchesGolden("SweepLattices.java", Compilations.generatedSource(compilation, "sweep.SweepLattices"));

        Workflow<?> workflow = workflow(
                compilation, "sweep.SweepLattices", "sweep", new Class<?>[] {List.class}, List.of(1.0, 2.0, 3.0, 4.0));

        assertThat(WorkflowEvaluator.nodes(workflow))
                .containsExactly(
                        "parameters:INPUT",
                        "constant#1:CONSTANT",
                        "score[1.0]:ELECTRON",
                        "constant#3:CONSTANT",
                        "score[2.0]:ELECTRON",
                        "constant#5:CONSTANT",
                        "score[3.0]:ELECTRON",
                        "constant#7:CONSTANT",
                        "score[4.0]:ELECTRON",
                        "collection:COLLECTION",
                        "best:ELECTRON",
                        "constant#11:CONSTANT",
                        "refine:SUBLATTICE")
                .inOrder();
        assertThat(workflow.graph().node(12).arguments())
                .containsExactly(10, 11)
                .inOrder();
        assertThat((Double) WorkflowEvaluator.evaluate(workflow)).isWithin(1e-9).of(3.2);

        Workflow<?> round2 =
                ((Node.Sublattice) workflow.graph().node(12)).lattice().workflow(3.0, 0.1);
        assertThat(WorkflowEvaluator.nodeNames(round2)).hasSize(2 + 5 * 2 + 3);
    }

    @Test
    void anIfOverAnInputChoosesTheElectrons() {
        Compilation compilation = compile(flow("""
                @Lattice static double choose(int a, boolean precise) {
                    if (precise && a > 10) {
                        return half(a);
                    }
                    int chosen = a > 0 ? inc(a) : add(a, -a);
                    switch (a) {
                        case 1:
                            inc(100);
                            break;
                        default:
                            break;
                    }
                    return half(a + chosen * 0 + 0.5);
                }
                """.replace("a + chosen * 0 + 0.5", "a + 0.5")));
        Class<?>[] types = {int.class, boolean.class};

        Workflow<?> precise = workflow(compilation, "p.FlowLattices", "choose", types, 20, true);
        Workflow<?> positive = workflow(compilation, "p.FlowLattices", "choose", types, 1, false);
        Workflow<?> negative = workflow(compilation, "p.FlowLattices", "choose", types, -4, false);

        assertThat(WorkflowEvaluator.nodeNames(precise)).containsExactly("a", "precise", "constant#2", "half");
        assertThat(WorkflowEvaluator.evaluate(precise)).isEqualTo(10.0);
        assertThat(WorkflowEvaluator.nodeNames(positive))
                .containsExactly("a", "precise", "inc[a]", "constant#3", "inc[100]", "constant#5", "half")
                .inOrder();
        assertThat(WorkflowEvaluator.evaluate(positive)).isEqualTo(0.75);
        assertThat(WorkflowEvaluator.nodeNames(negative))
                .containsExactly("a", "precise", "constant#2", "add", "constant#4", "half")
                .inOrder();
    }

    @Test
    void arithmeticHelpersVarAndStaticConstantsOnInputsBecomeConstants() {
        JavaFileObject limits = Compilations.source("""
                package limits;

                public final class Limits {
                    public static final int MAX = 1000;
                    public static int cap(int a) { return Math.min(a, MAX); }

                    private Limits() {}
                }
                """);
        Compilation compilation = compile(limits, flow("""
                static final int OFFSET = 7;
                static int helper(int a) { return a * 10; }

                @Lattice static int arithmetic(int a, int[] frames) {
                    var scaled = inc(a * 2 + helper(a));
                    var count = frames.length;
                    int bounded = add(scaled, limits.Limits.cap(count + OFFSET));
                    return add(bounded, Math.max(a, limits.Limits.MAX));
                }
                """));
        String generated = Compilations.generatedSource(compilation, "p.FlowLattices");
        assertThat(generated).contains("graph.constant(a * 2 + Flow.helper(a), \"java.lang.Integer\")");
        assertThat(generated).contains("Limits.cap(count + Flow.OFFSET)");

        Workflow<?> workflow = workflow(
                compilation, "p.FlowLattices", "arithmetic", new Class<?>[] {int.class, int[].class}, 3, new int[4]);

        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo((3 * 2 + 30 + 1) + 11 + 1000);
        assertThat(WorkflowEvaluator.nodeNames(workflow))
                .containsExactly("a", "frames", "constant#2", "inc", "constant#4", "add[11]", "constant#6", "add[1000]")
                .inOrder();
    }

    @Test
    void collectionLiteralsOfElectronOutputsBecomeCollectionNodes() {
        Compilation compilation = compile(flow("""
                @Electron static double weigh(Map<String, Integer> weights) {
                    return weights.get("x") * 10 + weights.get("y");
                }
                @Electron static int last(int[] values) { return values[values.length - 1]; }

                @Lattice static double literals(int a) {
                    int x = inc(a);
                    int y = add(a, a);
                    int listed = sum(List.of(x, y, 100));
                    int arrayed = last(new int[] {x, y, a + 1000});
                    return weigh(Map.of("x", listed, "y", arrayed));
                }
                """));
        String generated = Compilations.generatedSource(compilation, "p.FlowLattices");
        assertThat(generated)
                .contains("graph.collection(\"java.util.List<java.lang.Integer>\", \"java.util.List.of($0, $1, 100)\","
                        + " parts -> List.of((Integer) parts[0], (Integer) parts[1], 100), x, y)");

        Workflow<?> workflow = workflow(compilation, "p.FlowLattices", "literals", new Class<?>[] {int.class}, 2);

        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo((3 + 4 + 100) * 10 + 1002.0);
        assertThat(WorkflowEvaluator.nodes(workflow))
                .containsExactly(
                        "a:INPUT",
                        "inc:ELECTRON",
                        "add:ELECTRON",
                        "collection:COLLECTION",
                        "sum:ELECTRON",
                        "constant#5:CONSTANT",
                        "collection#2:COLLECTION",
                        "last:ELECTRON",
                        "collection#3:COLLECTION",
                        "weigh:ELECTRON")
                .inOrder();
    }

    @Test
    void aListInputFansOutAndUnusedResultsAreStillNodes() {
        Compilation compilation = compile(flow("""
                @Electron static String greet(String name) { return "hello " + name; }
                @Electron static void log(String line) {}

                @Lattice static List<String> greetAll(List<String> names) {
                    List<String> greetings = new ArrayList<>();
                    for (String name : names) {
                        log(name);
                        greetings.add(greet(name));
                        inc(names.size());
                    }
                    return greetings;
                }
                """));

        Workflow<?> workflow =
                workflow(compilation, "p.FlowLattices", "greetAll", new Class<?>[] {List.class}, List.of("ann", "bob"));

        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(List.of("hello ann", "hello bob"));
        assertThat(WorkflowEvaluator.nodeNames(workflow))
                .containsExactly(
                        "names",
                        "constant#1",
                        "log[ann]",
                        "constant#3",
                        "greet[ann]",
                        "constant#5",
                        "inc",
                        "constant#7",
                        "log[bob]",
                        "constant#9",
                        "greet[bob]",
                        "constant#11",
                        "inc#2",
                        "collection")
                .inOrder();
    }

    @Test
    void electronsOfAnotherPackageAndGenericElectrons() {
        JavaFileObject library = Compilations.source("""
                package lib;

                import dev.valence.Electron;
                import java.util.List;

                public final class Pairs {
                    private Pairs() {}

                    @Electron public static <T> List<T> pair(T first, T second) { return List.of(first, second); }
                    @Electron public static <N extends Number> double mean(List<N> values) {
                        return values.stream().mapToDouble(Number::doubleValue).average().orElse(0);
                    }
                }
                """);
        Compilation compilation = compile(library, flow("""
                @Lattice static double generic(int a, String label) {
                    List<Integer> numbers = lib.Pairs.pair(inc(a), a);
                    List<String> labels = lib.Pairs.pair(label, "b");
                    lib.Pairs.pair(labels, labels);
                    return lib.Pairs.mean(numbers);
                }
                """));
        String generated = Compilations.generatedSource(compilation, "p.FlowLattices");
        assertThat(generated)
                .contains("Handle<List<Integer>> numbers = graph.<List<Integer>>call(PairsElectrons.pair(),"
                        + " \"java.util.List<java.lang.Integer>\", graph.call(FlowElectrons.inc(), aInput), aInput);");
        assertThat(Compilations.generatedSource(compilation, "lib.PairsElectrons"))
                .contains(".returns(\"java.util.List<java.lang.Object>\")");

        Workflow<?> workflow =
                workflow(compilation, "p.FlowLattices", "generic", new Class<?>[] {int.class, String.class}, 4, "a");

        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(4.5);
        assertThat(workflow.graph().node(3).type()).isEqualTo("java.util.List<java.lang.Integer>");
        assertThat(workflow.graph().node(6).type()).isEqualTo("java.util.List<java.util.List<java.lang.String>>");
    }

    @Test
    void aLatticeCalledWithInputsIsExpandedInlineAndWithAnElectronOutputRunsAsASublattice() {
        Compilation compilation = compile(flow("""
                @Lattice static int twice(int a) { return inc(inc(a)); }

                @Lattice static int inline(int a) {
                    return twice(a + 1);
                }

                @Lattice static int dynamic(int a) {
                    int x = inc(a);
                    return twice(x);
                }
                """));
        assertThat(Compilations.generatedSource(compilation, "p.FlowLattices"))
                .contains("return FlowLattices.expandTwice(graph, a + 1);");
        assertThat(Compilations.generatedSource(compilation, "p.FlowLattices"))
                .contains("return graph.sublattice(FlowLattices.twiceLattice(), x);");

        Workflow<?> inline = workflow(compilation, "p.FlowLattices", "inline", new Class<?>[] {int.class}, 1);
        Workflow<?> dynamic = workflow(compilation, "p.FlowLattices", "dynamic", new Class<?>[] {int.class}, 1);

        assertThat(WorkflowEvaluator.evaluate(inline)).isEqualTo(4);
        assertThat(WorkflowEvaluator.nodes(inline))
                .containsExactly("a:INPUT", "constant#1:CONSTANT", "inc[2]:ELECTRON", "inc#2:ELECTRON")
                .inOrder();
        assertThat(WorkflowEvaluator.evaluate(dynamic)).isEqualTo(4);
        assertThat(WorkflowEvaluator.nodes(dynamic))
                .containsExactly("a:INPUT", "inc:ELECTRON", "twice:SUBLATTICE")
                .inOrder();
    }

    @Test
    void aLatticeOfAnotherClassIsExpandedThroughItsGeneratedMethod() {
        JavaFileObject other = Compilations.source("""
                package q;

                import dev.valence.Electron;
                import dev.valence.Lattice;

                public final class Steps {
                    private Steps() {}

                    @Electron public static int square(int a) { return a * a; }

                    @Lattice public static int squares(int a, int times) {
                        int value = square(a);
                        for (int i = 1; i < times; i++) {
                            value = square(value);
                        }
                        return value;
                    }
                }
                """);
        Compilation compilation = compile(other, flow("""
                @Lattice static int nested(int a) {
                    int inline = q.Steps.squares(a, 2);
                    return q.Steps.squares(inc(inline), 1);
                }
                """));

        Workflow<?> workflow = workflow(compilation, "p.FlowLattices", "nested", new Class<?>[] {int.class}, 2);

        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(17 * 17);
        assertThat(WorkflowEvaluator.nodes(workflow))
                .containsExactly(
                        "a:INPUT",
                        "constant#1:CONSTANT",
                        "square[2]:ELECTRON",
                        "square#2:ELECTRON",
                        "inc:ELECTRON",
                        "constant#5:CONSTANT",
                        "squares:SUBLATTICE")
                .inOrder();
    }

    @Test
    void localsMayBeReassignedAndDeclaredWithoutValue() {
        Compilation compilation = compile(flow("""
                @Lattice static int accumulate(int a, int n) {
                    int total;
                    total = inc(a);
                    for (int i = 0; i < n; i++) {
                        total = add(total, i);
                    }
                    int plain = 0;
                    plain += n;
                    return add(total, plain);
                }
                """));

        Workflow<?> workflow =
                workflow(compilation, "p.FlowLattices", "accumulate", new Class<?>[] {int.class, int.class}, 1, 3);

        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(2 + 0 + 1 + 2 + 3);
    }

    /**
     * Compares generated code with its golden file. Run with {@code -Dvalence.updateGolden=true} to
     * rewrite the golden files after an intended change, and review the diff.
     */
    private static void assertMatchesGolden(String file, String actual) throws IOException {
        Path golden = GOLDEN.resolve(file);
        if (Boolean.getBoolean("valence.updateGolden")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(golden)).isTrue();
        assertWithMessage("generated %s (rerun with -Dvalence.updateGolden=true if the change is intended)", file)
                .that(actual)
                .isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
