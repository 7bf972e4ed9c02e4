package dev.valence.processor.validation;

import dev.valence.processor.common.ValenceAnnotations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks the declarations of {@code @Lattice} methods; {@link LatticeBodyReader} checks their
 * bodies.
 */
public final class LatticeValidator {

    /**
     * @param lattice a {@code @Lattice} method
     * @return the findings
     */
    public ValidationReport validate(ExecutableElement lattice) {
        ValidationReport report = new ValidationReport();
        MethodShapeValidator.validate(lattice, "lattice", report);
        AnnotationMirror annotation = ValenceAnnotations.find(lattice, ValenceAnnotations.LATTICE)
                .orElseThrow(() -> new IllegalArgumentException(lattice + " is not a @Lattice"));
        lattice.getParameters().stream()
                .filter(parameter -> ValenceAnnotations.find(parameter, ValenceAnnotations.IGNORE_FOR_CACHE)
                        .isPresent())
                .forEach(parameter -> report.error(
                        parameter,
                        "@IgnoreForCache applies to electron parameters only; a lattice's inputs reach the cache"
                                + " keys through the electrons they are passed to: put it on those parameters"));
        ValenceAnnotations.explicitValue(annotation, "name").ifPresent(value -> {
            String name = (String) value.getValue();
            if (!Identifiers.isIdentifier(name)) {
                report.error(
                        lattice,
                        annotation,
                        value,
                        "lattice name '" + name + "' is not a Java identifier; use letters, digits and '_'"
                                + " (for example \"nightlyReport\")");
            }
        });
        return report;
    }

    /**
     * Checks the lattices of one class together: the generated class has one builder method per
     * lattice name and an accessor {@code <name>Lattice()}, which must not clash.
     *
     * @param lattices the class's lattices, in declaration order
     * @return the findings
     */
    public ValidationReport validateTogether(List<ExecutableElement> lattices) {
        ValidationReport report = new ValidationReport();
        Map<String, ExecutableElement> byName = new HashMap<>();
        for (ExecutableElement lattice : lattices) {
            String name = lattice.getSimpleName().toString();
            if (byName.putIfAbsent(name, lattice) != null) {
                report.error(
                        lattice,
                        "lattice '" + name + "' is overloaded; lattices need unique method names (the"
                                + " generated accessor " + name + "Lattice() takes no parameters): rename one");
            }
        }
        for (ExecutableElement lattice : lattices) {
            String name = lattice.getSimpleName().toString();
            ExecutableElement owner = byName.get(name.endsWith("Lattice") ? name.substring(0, name.length() - 7) : "");
            if (owner != null && lattice.getParameters().isEmpty()) {
                report.error(
                        lattice,
                        "lattice '" + name + "' clashes with the generated accessor of lattice '"
                                + owner.getSimpleName() + "'; rename one of them");
            }
        }
        return report;
    }
}
