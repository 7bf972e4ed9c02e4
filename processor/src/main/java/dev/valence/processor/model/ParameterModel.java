package dev.valence.processor.model;

import com.palantir.javapoet.TypeName;

/**
 * A parameter of an electron or a lattice.
 *
 * @param name its name in the source
 * @param type its type as declared (primitives stay primitive)
 * @param canonicalType its canonical type string, boxed
 * @param generic whether casting an {@code Object} to it is unchecked (it has type arguments)
 * @param keyed whether it enters the cache key (false when marked {@code @IgnoreForCache})
 */
public record ParameterModel(String name, TypeName type, String canonicalType, boolean generic, boolean keyed) {}
