package dev.valence.runtime;

import java.util.Objects;

/**
 * A parameter of an electron or a lattice.
 *
 * @param name the parameter's name in the source
 * @param type its canonical generic type, boxed ({@code java.util.List<java.lang.String>})
 */
public record Parameter(String name, String type) {
    /** Checks that both parts are present. */
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
