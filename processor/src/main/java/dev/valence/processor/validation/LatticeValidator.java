package dev.valence.processor.validation;

import dev.valence.processor.common.ValenceAnnotations;
import dev.valence.processor.model.GeneratedNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks the declarations of {@code @Lattice} methods. Their bodies are checked afterwards, by the
 * rules of the {@code lattice} package, which rely on a valid declaration.
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
     * Checks the lattices of one class together: the generated class has, per lattice name, a
     * builder method, an accessor {@code <name>Lattice()}, {@code expand<Name>(...)} and {@code
     * build<Name>(...)}, which must not clash; and display names are unique.
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
        Map<String, ExecutableElement> generated = new HashMap<>();
        for (ExecutableElement lattice : lattices) {
            String name = lattice.getSimpleName().toString();
            generated.put(GeneratedNames.latticeAccessor(name), lattice);
            generated.put(GeneratedNames.expandMethod(name), lattice);
            generated.put(GeneratedNames.buildMethod(name), lattice);
        }
        Map<String, ExecutableElement> byDisplayName = new HashMap<>();
        for (ExecutableElement lattice : lattices) {
            String name = lattice.getSimpleName().toString();
            ExecutableElement owner = generated.get(name);
            if (owner != null && !owner.equals(lattice)) {
                report.error(
                        lattice,
                        "lattice '" + name + "' clashes with the generated method " + name + "(...) of lattice '"
                                + owner.getSimpleName() + "'; rename one of them");
            }
            String display = displayName(lattice);
            ExecutableElement earlier = byDisplayName.putIfAbsent(display, lattice);
            if (earlier != null && byName.get(name) == lattice) {
                report.error(
                        lattice,
                        "lattice name '" + display + "' is already used by '" + earlier.getSimpleName() + "' in this"
                                + " class; lattice names name sublattice nodes and stored dispatches, so give each a"
                                + " unique name");
            }
        }
        return report;
    }

    private static String displayName(ExecutableElement lattice) {
        return ValenceAnnotations.find(lattice, ValenceAnnotations.LATTICE)
                .flatMap(mirror -> ValenceAnnotations.explicitValue(mirror, "name"))
                .map(value -> (String) value.getValue())
                .filter(name -> !name.isEmpty())
                .orElse(lattice.getSimpleName().toString());
    }
}
