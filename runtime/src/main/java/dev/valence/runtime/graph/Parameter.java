package dev.valence.runtime.graph;

import java.util.Objects;

/**
 * A parameter of an electron or a lattice.
 *
 * @param name the parameter's name in the source
 * @param type its canonical generic type, boxed ({@code java.util.List<java.lang.String>})
 * @param keyed whether its argument enters the electron's cache key ({@code false} for parameters
 *     marked {@code @IgnoreForCache})
 */
public record Parameter(String name, String type, boolean keyed) {
    /**
     * Both names are required.
     *
     * @param name the parameter's name in the source
     * @param type its canonical generic type, boxed ({@code java.util.List<java.lang.String>})
     * @param keyed whether its argument enters the electron's cache key ({@code false} for parameters marked {@code @IgnoreForCache})
     */
    public Parameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /**
     * A parameter that enters the cache key.
     *
     * @param name the parameter's name
     * @param type its canonical generic type, boxed
     */
    public Parameter(String name, String type) {
        this(name, type, true);
    }
}
