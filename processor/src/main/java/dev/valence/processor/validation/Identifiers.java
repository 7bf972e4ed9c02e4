package dev.valence.processor.validation;

import javax.lang.model.SourceVersion;

/** Tells whether a user-given name can be used as a Java identifier in generated code. */
final class Identifiers {
    private Identifiers() {}

    /**
     * @param name a name
     * @return whether it is an identifier and not a keyword
     */
    static boolean isIdentifier(String name) {
        return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name);
    }
}
