package dev.valence.processor.step;

import com.sun.source.util.Trees;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Keeps generated class names unique over a whole compilation (all rounds). {@code Outer.Inner} and
 * a top-level {@code Outer_Inner} both map to {@code Outer_InnerElectrons}; without this check the
 * second write failed inside the Filer with a message about a file, not about the user's classes.
 */
public final class GeneratedClassNames {
    private static final String GENERATED = "javax.annotation.processing.Generated";

    /** Generated qualified name to the qualified name of the annotated class it was written for. */
    private final Map<String, String> owners = new HashMap<>();

    /** Starts with no name claimed; one instance serves all rounds of a compilation. */
    public GeneratedClassNames() {}

    /**
     * Claims a generated name for a class.
     *
     * @param generated the generated class's qualified name
     * @param owner the annotated class
     * @param what what the generated class holds, for the message ("electrons", "lattices")
     * @param elements javac's elements, to find a user class of the same name
     * @param trees javac's trees, which tell a class from source apart from a class file
     * @return the error to report on {@code owner}, when the name is taken
     */
    Optional<String> claim(String generated, TypeElement owner, String what, Elements elements, Trees trees) {
        String ownerName = owner.getQualifiedName().toString();
        String previous = owners.putIfAbsent(generated, ownerName);
        if (previous != null && !previous.equals(ownerName)) {
            String first = previous.compareTo(ownerName) < 0 ? previous : ownerName;
            String second = first.equals(previous) ? ownerName : previous;
            return Optional.of("Valence generates " + generated + " for both " + first + " and " + second
                    + "; rename one of these classes");
        }
        TypeElement existing = elements.getTypeElement(generated);
        // A class file of that name is most likely this processor's output of an earlier build, which
        // the Filer replaces; only a class written by hand in this compilation is a clash.
        if (existing != null && trees.getTree(existing) != null && !writtenByValence(existing)) {
            return Optional.of("Valence generates " + generated + " for the " + what + " of " + ownerName
                    + ", but the class " + generated + " already exists; rename one of them");
        }
        return Optional.empty();
    }

    private static boolean writtenByValence(TypeElement type) {
        for (AnnotationMirror annotation : type.getAnnotationMirrors()) {
            if (annotation.getAnnotationType().toString().equals(GENERATED)
                    && annotation.getElementValues().values().stream()
                            .anyMatch(value -> value.toString().contains("dev.valence.processor"))) {
                return true;
            }
        }
        return false;
    }
}
