package dev.valence.processor.lattice;

import dev.valence.processor.validation.ValidationReport;
import java.io.IOException;
import javax.lang.model.element.ExecutableElement;

/**
 * Rule: a lattice's body is in this compilation and its source can be read. The graph builder is
 * the body's own source, copied, so a lattice known only from a class file cannot be generated.
 */
final class BodySourceRule {
    private BodySourceRule() {}

    static void reportMissingBody(ValidationReport report, ExecutableElement lattice) {
        report.error(lattice, "lattice '" + lattice.getSimpleName() + "' needs a body in this compilation");
    }

    static void reportUnreadable(ValidationReport report, ExecutableElement lattice, IOException e) {
        report.error(lattice, "Valence could not read the source of lattice '" + lattice.getSimpleName() + "': " + e);
    }
}
