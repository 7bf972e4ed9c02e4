package dev.valence.runtime.internal.engine;

import java.util.Set;
import java.util.regex.Pattern;

/** Tells canonical type strings that name JDK classes and primitives alone. */
final class JdkTypes {
    private static final Set<String> PRIMITIVES =
            Set.of("boolean", "byte", "short", "char", "int", "long", "float", "double");
    private static final Pattern PUNCTUATION = Pattern.compile("[<>,\\[\\]\\s?]+");

    private JdkTypes() {}

    /**
     * @param canonical a canonical type string ({@code java.util.List<java.lang.String>})
     * @return whether every class it names is in a {@code java.} package: decoding such a type
     *     builds JDK classes only, never one of the user's
     */
    static boolean only(String canonical) {
        for (String name : PUNCTUATION.split(canonical)) {
            if (!name.isEmpty() && !PRIMITIVES.contains(name) && !name.startsWith("java.")) {
                return false;
            }
        }
        return true;
    }
}
