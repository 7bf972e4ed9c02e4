package dev.valence.runtime.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's package rules (docs/architecture.md), checked on the compiled main classes: the
 * build fails when a change makes a dependency point up.
 */
class ArchitectureTest {
    private static final String RUNTIME = "dev.valence.runtime";
    /** The API's entry types: what users hold, and what nothing below the API may use. */
    private static final Set<String> ENTRY_TYPES = Set.of(
            "Valence",
            "ValenceWorker",
            "Dispatch",
            "Redispatch",
            "DispatchResult",
            "NodeResult",
            "DispatchSummary",
            "Explanation");
    /** The API's vocabulary: types every layer may name, which themselves name only each other and the graph. */
    private static final Set<String> VOCABULARY = Set.of(
            "NodeStatus",
            "DispatchStatus",
            "NodeKind",
            "Reuse",
            "CheckpointMode",
            "Pruned",
            "ValenceException",
            "DispatchFailedException",
            "ElectronTimeoutException");

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(RUNTIME);
    }

    /** Whether a class (or an array of it, or a class nested in it) is one of the named API types. */
    private static boolean inApiPackage(JavaClass type, Set<String> names) {
        JavaClass base = type;
        while (base.isArray()) {
            base = base.getComponentType();
        }
        String name = base.getName().replaceFirst("[$].*", "");
        int dot = name.lastIndexOf('.');
        return dot > 0 && name.substring(0, dot).equals(RUNTIME) && names.contains(name.substring(dot + 1));
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void nothingUnderInternalUsesTheApisEntryTypes() {
        check(noClasses()
                .that()
                .resideInAPackage(RUNTIME + ".internal..")
                .should()
                .dependOnClassesThat(
                        describe("the API's entry types " + ENTRY_TYPES, type -> inApiPackage(type, ENTRY_TYPES))));
    }

    @Test
    void theGraphUsesOnlyTheVocabularyAndTheInvocationBridge() {
        check(noClasses()
                .that()
                .resideInAPackage(RUNTIME + ".graph..")
                .should()
                .dependOnClassesThat(describe(
                        "runtime classes other than the graph, the vocabulary and internal.graph",
                        type -> type.getPackageName().startsWith(RUNTIME)
                                && !type.getPackageName().equals(RUNTIME + ".graph")
                                && !type.getPackageName().equals(RUNTIME + ".internal.graph")
                                && !inApiPackage(type, VOCABULARY))));
    }

    @Test
    void theSpisUseOnlyEachOtherAndTheVocabulary() {
        check(noClasses()
                .that()
                .resideInAPackage(RUNTIME + ".spi..")
                .should()
                .dependOnClassesThat(describe(
                        "runtime classes outside spi and the vocabulary",
                        type -> type.getPackageName().startsWith(RUNTIME)
                                && !type.getPackageName().startsWith(RUNTIME + ".spi")
                                && !inApiPackage(type, VOCABULARY))));
    }

    /**
     * {@code Reuse} is the one exception: its convenience {@code Reuse.from(dispatch)} takes the
     * {@code Dispatch} a user holds; the engine never calls it.
     */
    @Test
    void theVocabularyNamesOnlyItselfAndTheGraph() {
        check(noClasses()
                .that(describe(
                        "the API's vocabulary but Reuse",
                        type -> inApiPackage(type, VOCABULARY)
                                && !type.getName().startsWith(RUNTIME + ".Reuse")))
                .should()
                .dependOnClassesThat(describe(
                        "runtime classes other than the vocabulary and the graph",
                        type -> type.getPackageName().startsWith(RUNTIME)
                                && !type.getPackageName().equals(RUNTIME + ".graph")
                                && !inApiPackage(type, VOCABULARY))));
    }

    @Test
    void commandsUseOnlyTheStoreSpiAndTheVocabulary() {
        check(noClasses()
                .that()
                .resideInAPackage(RUNTIME + ".command..")
                .should()
                .dependOnClassesThat(describe(
                        "runtime classes outside command, spi.store and the vocabulary",
                        type -> type.getPackageName().startsWith(RUNTIME)
                                && !type.getPackageName().equals(RUNTIME + ".command")
                                && !type.getPackageName().equals(RUNTIME + ".spi.store")
                                && !inApiPackage(type, VOCABULARY))));
    }

    @Test
    void internalPackagesDependDownwardOnly() {
        check(noClasses()
                .that()
                .resideInAnyPackage(
                        RUNTIME + ".internal.codec..",
                        RUNTIME + ".internal.fingerprint..",
                        RUNTIME + ".internal.store..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(RUNTIME + ".internal.engine.."));
        check(noClasses()
                .that()
                .resideInAPackage(RUNTIME + ".internal.fingerprint..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(RUNTIME + ".internal.codec..", RUNTIME + ".internal.store.."));
        check(noClasses()
                .that()
                .resideInAPackage(RUNTIME + ".internal.store..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(RUNTIME + ".internal.codec.."));
    }

    /**
     * Every module's main sources, from the runtime module's folder (the reactor's layout): a file
     * over 600 lines carries more than one job.
     */
    @Test
    void noMainSourceFileOfAnyModuleIsOver600Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> modules = Files.list(Path.of("..").toAbsolutePath().normalize())) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java")))
                    .toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    files.filter(file -> file.toString().endsWith(".java"))
                            .filter(ArchitectureTest::over600Lines)
                            .forEach(file -> tooLong.add(module.relativize(file).toString()));
                }
            }
        }
        assertEquals(List.of(), tooLong, "split these files: no main source file may be over 600 lines");
    }

    private static boolean over600Lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count() > 600;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
