package dev.valence.runtime.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.util.Map;

/**
 * Resolves the canonical type strings the processor records ({@code
 * java.util.List<java.lang.String>}, {@code int[]}, {@code p.Outer$Inner}) into Jackson types.
 * Jackson parses generic class types itself; array suffixes and primitive components are handled
 * here because Jackson's canonical parser does not read them.
 */
public final class TypeResolver {

    private static final Map<String, Class<?>> PRIMITIVES = Map.of(
            "boolean", boolean.class,
            "byte", byte.class,
            "short", short.class,
            "char", char.class,
            "int", int.class,
            "long", long.class,
            "float", float.class,
            "double", double.class);

    private final TypeFactory factory;

    /**
     * @param factory the Jackson type factory, with the class loader that loads user types
     */
    public TypeResolver(TypeFactory factory) {
        this.factory = factory;
    }

    /**
     * @param type a canonical type string
     * @return the Jackson type
     * @throws CodecException when a named class cannot be loaded
     */
    public JavaType resolve(String type) {
        String trimmed = type.trim();
        if (trimmed.endsWith("[]")) {
            return factory.constructArrayType(resolve(trimmed.substring(0, trimmed.length() - 2)));
        }
        Class<?> primitive = PRIMITIVES.get(trimmed);
        if (primitive != null) {
            return factory.constructType(primitive);
        }
        try {
            return factory.constructFromCanonical(trimmed);
        } catch (IllegalArgumentException e) {
            throw new CodecException(
                    "Valence cannot resolve the type '" + type + "' (" + e.getMessage()
                            + "); is the class on the classpath of this process?",
                    e);
        }
    }
}
