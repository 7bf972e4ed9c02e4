package dev.valence.processor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The processor's package rules (docs/architecture.md): step → validation | lattice → model →
 * generation, checked on the compiled main classes.
 */
class ProcessorArchitectureTest {
    private static final String PROCESSOR = "dev.valence.processor";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PROCESSOR);
    }

    @Test
    void validationChecksDeclarationsOnly() {
        noClasses()
                .that()
                .resideInAPackage(PROCESSOR + ".validation..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PROCESSOR + ".lattice..", PROCESSOR + ".generation..", PROCESSOR + ".step..")
                .check(classes);
    }

    @Test
    void theLatticeAnalysisDoesNotGenerate() {
        noClasses()
                .that()
                .resideInAPackage(PROCESSOR + ".lattice..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PROCESSOR + ".generation..", PROCESSOR + ".step..")
                .check(classes);
    }

    @Test
    void theModelDoesNotDependOnGenerationOrAnalysis() {
        noClasses()
                .that()
                .resideInAPackage(PROCESSOR + ".model..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(PROCESSOR + ".generation..", PROCESSOR + ".lattice..", PROCESSOR + ".step..")
                .check(classes);
    }

    @Test
    void generationIsReachedOnlyFromTheStep() {
        noClasses()
                .that()
                .resideInAnyPackage(PROCESSOR + ".common..", PROCESSOR + ".fingerprint..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        PROCESSOR + ".generation..",
                        PROCESSOR + ".lattice..",
                        PROCESSOR + ".validation..",
                        PROCESSOR + ".step..")
                .check(classes);
    }

    @Test
    void theProcessorNeverLinksAgainstTheRuntime() {
        noClasses()
                .that()
                .resideInAPackage(PROCESSOR + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.valence.runtime..")
                .check(classes);
    }
}
