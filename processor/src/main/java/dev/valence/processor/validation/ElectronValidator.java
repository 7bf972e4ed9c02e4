package dev.valence.processor.validation;

import dev.valence.processor.common.ValenceAnnotations;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks {@code @Electron} methods: their shape, their attributes, and, for the electrons of one
 * class together, that names and generated accessors do not clash.
 */
public final class ElectronValidator {

    /**
     * Checks one electron on its own. Lattices also run this on the electrons they call, so that a
     * call of a broken electron is reported at the call.
     *
     * @param electron an {@code @Electron} method
     * @return the findings
     */
    public ValidationReport validate(ExecutableElement electron) {
        ValidationReport report = new ValidationReport();
        MethodShapeValidator.validate(electron, "electron", report);
        AnnotationMirror annotation = ValenceAnnotations.find(electron, ValenceAnnotations.ELECTRON)
                .orElseThrow(() -> new IllegalArgumentException(electron + " is not an @Electron"));
        if (ValenceAnnotations.isLattice(electron)) {
            report.error(
                    electron,
                    "'" + electron.getSimpleName() + "' is both an @Electron and a @Lattice; keep one of the two");
        }
        ValenceAnnotations.explicitValue(annotation, "name").ifPresent(value -> {
            String name = (String) value.getValue();
            if (!Identifiers.isIdentifier(name)) {
                report.error(
                        electron,
                        annotation,
                        value,
                        "electron name '" + name + "' is not a Java identifier; use letters, digits and '_'"
                                + " (for example \"loadData\")");
            }
        });
        ValenceAnnotations.explicitValue(annotation, "retries").ifPresent(value -> {
            int retries = (Integer) value.getValue();
            if (retries < 0) {
                report.error(
                        electron,
                        annotation,
                        value,
                        "retries must not be negative, got " + retries + "; use 0 for no retries");
            }
        });
        ValenceAnnotations.explicitValue(annotation, "timeout")
                .ifPresent(value -> validateTimeout(electron, annotation, value, report));
        ValenceAnnotations.explicitValue(annotation, "retryDelay")
                .ifPresent(value -> validateRetryDelay(electron, annotation, value, report));
        ValenceAnnotations.explicitValue(annotation, "retryBackoff").ifPresent(value -> {
            double backoff = (Double) value.getValue();
            if (!(backoff >= 1.0) || Double.isInfinite(backoff)) {
                report.error(
                        electron,
                        annotation,
                        value,
                        "retryBackoff must be a finite number of at least 1, got " + backoff
                                + "; use 1 for equal waits or 2 to double each wait");
            }
        });
        return report;
    }

    private static void validateRetryDelay(
            ExecutableElement electron, AnnotationMirror annotation, AnnotationValue value, ValidationReport report) {
        String delay = (String) value.getValue();
        if (delay.isEmpty()) {
            return;
        }
        try {
            if (Duration.parse(delay).isNegative()) {
                report.error(
                        electron,
                        annotation,
                        value,
                        "retryDelay '" + delay + "' must not be negative; write for example \"PT1S\" for one second");
            }
        } catch (DateTimeParseException e) {
            report.error(
                    electron,
                    annotation,
                    value,
                    "retryDelay '" + delay + "' is not an ISO-8601 duration; write for example \"PT1S\" for one"
                            + " second or \"PT0.5S\" for half a second");
        }
    }

    private static void validateTimeout(
            ExecutableElement electron, AnnotationMirror annotation, AnnotationValue value, ValidationReport report) {
        String timeout = (String) value.getValue();
        if (timeout.isEmpty()) {
            return;
        }
        try {
            Duration duration = Duration.parse(timeout);
            if (duration.isZero() || duration.isNegative()) {
                report.error(
                        electron,
                        annotation,
                        value,
                        "timeout '" + timeout + "' must be positive; write for example \"PT30S\" for 30 seconds,"
                                + " or leave it empty for no limit");
            }
        } catch (DateTimeParseException e) {
            report.error(
                    electron,
                    annotation,
                    value,
                    "timeout '" + timeout + "' is not an ISO-8601 duration; write for example \"PT30S\" for 30"
                            + " seconds or \"PT5M\" for 5 minutes");
        }
    }

    /**
     * Checks the electrons of one class together: one method name per electron (the generated
     * accessor takes no parameters, so overloads would clash) and unique display names.
     *
     * @param electrons the class's electrons, in declaration order
     * @return the findings
     */
    public ValidationReport validateTogether(List<ExecutableElement> electrons) {
        ValidationReport report = new ValidationReport();
        Map<String, ExecutableElement> byMethodName = new HashMap<>();
        Map<String, ExecutableElement> byName = new HashMap<>();
        for (ExecutableElement electron : electrons) {
            String method = electron.getSimpleName().toString();
            if (byMethodName.putIfAbsent(method, electron) != null) {
                report.error(
                        electron,
                        "electron '" + method + "' is overloaded; electrons need unique method names (the"
                                + " generated accessor " + method + "() takes no parameters): rename one");
                continue;
            }
            String name = displayName(electron);
            ExecutableElement earlier = byName.putIfAbsent(name, electron);
            if (earlier != null) {
                report.error(
                        electron,
                        "electron name '" + name + "' is already used by '" + earlier.getSimpleName()
                                + "' in this class; electron names name results, so give each a unique name");
            }
        }
        return report;
    }

    /**
     * @param electron an {@code @Electron} method
     * @return its {@code name} attribute, or its method name
     */
    public static String displayName(ExecutableElement electron) {
        Optional<AnnotationMirror> annotation = ValenceAnnotations.find(electron, ValenceAnnotations.ELECTRON);
        return annotation
                .flatMap(mirror -> ValenceAnnotations.explicitValue(mirror, "name"))
                .map(value -> (String) value.getValue())
                .filter(name -> !name.isEmpty())
                .orElse(electron.getSimpleName().toString());
    }
}
