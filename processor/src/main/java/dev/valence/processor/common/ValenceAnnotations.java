package dev.valence.processor.common;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Finds Valence's annotations on elements by name. Names rather than {@code Class} objects keep the
 * processor independent of how the annotations jar is loaded, and mirrors rather than reflective
 * proxies let diagnostics point at the offending attribute.
 */
public final class ValenceAnnotations {

    /** The qualified name of {@code @Electron}. */
    public static final String ELECTRON = "dev.valence.Electron";

    /** The qualified name of {@code @Lattice}. */
    public static final String LATTICE = "dev.valence.Lattice";

    /** The qualified name of {@code @IgnoreForCache}, on electron parameters. */
    public static final String IGNORE_FOR_CACHE = "dev.valence.IgnoreForCache";

    private ValenceAnnotations() {}

    /**
     * @param element any element
     * @param annotation the annotation's qualified name
     * @return the annotation on the element, if present
     */
    public static Optional<AnnotationMirror> find(Element element, String annotation) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(annotation)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    /**
     * @param element any element
     * @return whether the element is an {@code @Electron} method
     */
    public static boolean isElectron(Element element) {
        return element instanceof ExecutableElement && find(element, ELECTRON).isPresent();
    }

    /**
     * @param element any element
     * @return whether the element is a {@code @Lattice} method
     */
    public static boolean isLattice(Element element) {
        return element instanceof ExecutableElement && find(element, LATTICE).isPresent();
    }

    /**
     * Returns an attribute the user wrote explicitly; defaults are not returned, so that generated
     * code mentions only what differs from the default.
     *
     * @param mirror the annotation
     * @param attribute the attribute's name
     * @return the explicit value, if any
     */
    public static Optional<AnnotationValue> explicitValue(AnnotationMirror mirror, String attribute) {
        return mirror.getElementValues().entrySet().stream()
                .filter(entry -> entry.getKey().getSimpleName().contentEquals(attribute))
                .map(entry -> (AnnotationValue) entry.getValue())
                .findFirst();
    }
}
