package dev.valence.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Workflow;
import dev.valence.runtime.internal.graph.Invocations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The design's running example, compiled, compared with golden files, and run. */
class ArithmeticTest {
    static final JavaFileObject ARITHMETIC = Compilations.source("""
            package dev.valence.examples;

            import dev.valence.Electron;
            import dev.valence.Lattice;

            public final class Arithmetic {
                private Arithmetic() {}

                @Electron
                public static int task0(int a) {
                    return a;
                }

                @Electron
                public static int task1(int a, int b) {
                    return a + b;
                }

                @Electron
                public static double task2(int a, int b) {
                    return (double) a / b;
                }

                @Electron
                public static double task2Redefined(int a, int b) {
                    return a * b;
                }

                @Lattice
                public static double workflow(int a, int b) {
                    int res0 = task0(a);
                    int res1 = task1(res0, b);
                    return task2(res1, b);
                }
            }
            """);

    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
    private static final String ELECTRONS = "dev.valence.examples.ArithmeticElectrons";
    private static final String LATTICES = "dev.valence.examples.ArithmeticLattices";

    private static Compilation compilation;
    private static GeneratedClasses classes;

    @BeforeAll
    static void compile() {
        compilation = Compilations.compile(ARITHMETIC);
        assertThat(compilation).succeededWithoutWarnings();
        classes = new GeneratedClasses(compilation);
    }

    @Test
    void generatesTheElectronsClassOfTheGoldenFile() throws IOException {
        assertMatchesGolden("ArithmeticElectrons.java", Compilations.generatedSource(compilation, ELECTRONS));
    }

    @Test
    void generatesTheLatticesClassOfTheGoldenFile() throws IOException {
        assertMatchesGolden("ArithmeticLattices.java", Compilations.generatedSource(compilation, LATTICES));
    }

    @Test
    void theGeneratedWorkflowComputesWhatTheLatticeComputes() {
        Workflow<?> workflow = workflow(1, 2);

        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(1.5);
        assertThat(WorkflowEvaluator.nodeNames(workflow))
                .containsExactly("a", "b", "task0", "task1", "task2")
                .inOrder();
    }

    @Test
    void theWorkflowRecordsItsInputsWithCanonicalTypes() {
        Workflow<?> workflow = workflow(3, 4);

        assertThat(workflow.inputs()).hasSize(2);
        assertThat(workflow.inputs().get(0).value()).isEqualTo(3);
        assertThat(workflow.inputs().get(1).type()).isEqualTo("java.lang.Integer");
        assertThat(workflow.lattice().id()).isEqualTo("dev.valence.examples.Arithmetic#workflow");
    }

    @Test
    void theLatticeReferenceBuildsTheSameGraphFromBoxedArguments() {
        LatticeRef<?> lattice = (LatticeRef<?>) classes.call(LATTICES, "workflowLattice");

        Workflow<?> workflow = lattice.workflow(1, 2);

        assertThat(WorkflowEvaluator.evaluate(workflow)).isEqualTo(1.5);
        assertThat(lattice.returnType()).isEqualTo("java.lang.Double");
        assertThat(lattice.catalog()).isEqualTo(LATTICES + "$Catalog");
    }

    @Test
    void theElectronsCatalogListsAllFourElectrons() throws ReflectiveOperationException {
        dev.valence.runtime.graph.Catalog catalog = (dev.valence.runtime.graph.Catalog)
                classes.loadClass(ELECTRONS + "$Catalog").getConstructor().newInstance();

        assertThat(catalog.electrons().stream().map(ElectronRef::name))
                .containsExactly("task0", "task1", "task2", "task2Redefined")
                .inOrder();
    }

    @Test
    void theLatticesCatalogListsTheLattice() throws ReflectiveOperationException {
        dev.valence.runtime.graph.Catalog catalog = (dev.valence.runtime.graph.Catalog)
                classes.loadClass(LATTICES + "$Catalog").getConstructor().newInstance();

        assertThat(catalog.lattices().stream().map(LatticeRef::name)).containsExactly("workflow");
    }

    @Test
    void theRedefinedElectronCanReplaceTheOriginal() {
        ElectronRef<?> task2 = electron("task2");
        ElectronRef<?> redefined = electron("task2Redefined");
        ElectronRef<?> task0 = electron("task0");

        assertThat(redefined.isCompatibleWith(task2)).isTrue();
        assertThat(task0.isCompatibleWith(task2)).isFalse();
    }

    @Test
    void electronReferencesCallTheMethodsDirectly() throws Exception {
        ElectronRef<?> task2 = electron("task2");

        assertThat(Invocations.invoke(task2, new Object[] {3, 2})).isEqualTo(1.5);
        assertThat(task2.signature()).isEqualTo("task2(java.lang.Integer, java.lang.Integer) -> java.lang.Double");
        assertThat(task2.codeFingerprint()).matches("[0-9a-f]{64}");
        assertThat(task2.retries()).isEqualTo(0);
        assertThat(task2.cache()).isTrue();
    }

    @Test
    void electronsWithDifferentCodeHaveDifferentFingerprints() {
        assertThat(electron("task2").codeFingerprint())
                .isNotEqualTo(electron("task2Redefined").codeFingerprint());
    }

    /**
     * A user who builds with {@code -Xdoclint:all -Werror} gets no warning from generated code: every
     * generated method documents its parameters, to private ones, as the user's documented code does.
     */
    @Test
    void theGeneratedCodeIsCleanUnderDoclintToPrivateMembers() {
        JavaFileObject documented = Compilations.source("""
                package dev.valence.examples;

                import dev.valence.Electron;
                import dev.valence.Lattice;

                /** Documented to the last private member. */
                public final class Documented {
                    /** Not instantiated. */
                    private Documented() {}

                    /**
                     * Adds.
                     *
                     * @param a a number
                     * @param b another
                     * @return their sum
                     */
                    @Electron
                    public static int add(int a, int b) {
                        return a + b;
                    }

                    /**
                     * Adds {@code b} to {@code a}, {@code times} times.
                     *
                     * @param a a number
                     * @param b another
                     * @param times how often, a plain value the body loops over
                     * @return the sum
                     */
                    @Lattice
                    public static int workflow(int a, int b, int times) {
                        int sum = a;
                        for (int i = 0; i < times; i++) {
                            sum = add(sum, b);
                        }
                        return sum;
                    }
                }
                """);
        Compilation strict = com.google.testing.compile.Compiler.javac()
                .withProcessors(new ValenceProcessor())
                .withOptions("-Xlint:all", "-Xdoclint:all/private", "-Werror")
                .compile(documented);
        assertThat(strict).succeededWithoutWarnings();
    }

    private static Workflow<?> workflow(int a, int b) {
        return (Workflow<?>) classes.call(LATTICES, "workflow", new Class<?>[] {int.class, int.class}, a, b);
    }

    private static ElectronRef<?> electron(String name) {
        return (ElectronRef<?>) classes.call(ELECTRONS, name);
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
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        assertWithMessage("generated %s (rerun with -Dvalence.updateGolden=true if the change is intended)", file)
                .that(actual)
                .isEqualTo(expected);
    }
}
