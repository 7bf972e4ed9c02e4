package dev.valence.processor.generation;

import com.palantir.javapoet.ClassName;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks names in generated code: constant names from method names, and names that do not clash
 * with the ones already taken in a scope (the later one gets a number appended).
 */
final class JavaNames {
    private final Set<String> taken = new HashSet<>();

    /**
     * Takes a name that is fixed (a method parameter), so later names avoid it.
     *
     * @param name the name
     */
    void reserve(String name) {
        taken.add(name);
    }

    /**
     * Takes the simple names through which generated code names a class ({@code Outer} and {@code
     * Inner} for {@code Outer.Inner}): a field of the same name would hide the class wherever the
     * code calls its static methods ({@code ETL.etl(...)} inside a class with a field {@code ETL}).
     *
     * @param type the class
     */
    void reserveClass(ClassName type) {
        taken.addAll(type.simpleNames());
    }

    /**
     * @param wanted the preferred name
     * @return {@code wanted}, or {@code wanted2}, {@code wanted3} ... if taken
     */
    String allocate(String wanted) {
        if (taken.add(wanted)) {
            return wanted;
        }
        for (int i = 2; ; i++) {
            if (taken.add(wanted + i)) {
                return wanted + i;
            }
        }
    }

    /**
     * @param camelCase a method name such as {@code task2Redefined} or {@code parseURL}
     * @return it in upper snake case: {@code TASK2_REDEFINED}, {@code PARSE_URL}
     */
    static String upperSnakeCase(String camelCase) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < camelCase.length(); i++) {
            char c = camelCase.charAt(i);
            if (i > 0 && Character.isUpperCase(c)) {
                char previous = camelCase.charAt(i - 1);
                boolean nextIsLower = i + 1 < camelCase.length() && Character.isLowerCase(camelCase.charAt(i + 1));
                boolean wordStarts = Character.isLowerCase(previous)
                        || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && nextIsLower);
                if (wordStarts) {
                    out.append('_');
                }
            }
            out.append(Character.toUpperCase(c));
        }
        return out.toString();
    }
}
