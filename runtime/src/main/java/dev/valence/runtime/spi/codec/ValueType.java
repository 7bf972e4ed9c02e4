package dev.valence.runtime.spi.codec;

import com.fasterxml.jackson.databind.JavaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The declared type of a stored value, as a codec sees it: the electron's generic return type (or
 * an input's type), resolved in the user's class loader.
 *
 * <p>For {@code java.util.Map<java.lang.String,double[]>}, {@link #rawClass()} is {@code Map},
 * {@link #typeArguments()} are {@code String} and {@code double[]}, and the second one's {@link
 * #componentType()} is {@code double}.
 */
public final class ValueType {
    private final String canonical;
    private final JavaType resolved;

    /**
     * @param canonical the type's canonical spelling
     * @param resolved Jackson's resolution of it
     */
    public ValueType(String canonical, JavaType resolved) {
        this.canonical = canonical;
        this.resolved = resolved;
    }

    /** @return the canonical type string the processor recorded, as stored beside the value */
    public String canonical() {
        return canonical;
    }

    /** @return the erased class: {@code java.util.Map} for a {@code Map<String, double[]>} */
    public Class<?> rawClass() {
        return resolved.getRawClass();
    }

    /** @return the type arguments, empty for a type that is not parameterized */
    public List<ValueType> typeArguments() {
        List<ValueType> arguments = new ArrayList<>(resolved.containedTypeCount());
        for (int i = 0; i < resolved.containedTypeCount(); i++) {
            JavaType argument = resolved.containedType(i);
            arguments.add(new ValueType(canonical(argument), argument));
        }
        return arguments;
    }

    /** @return the element type of an array type, or empty for other types */
    public Optional<ValueType> componentType() {
        if (!resolved.isArrayType()) {
            return Optional.empty();
        }
        JavaType component = resolved.getContentType();
        return Optional.of(new ValueType(canonical(component), component));
    }

    /** Writes a type as the processor does ({@code double[]}, not Jackson's {@code [D}). */
    private static String canonical(JavaType type) {
        if (type.isArrayType()) {
            return canonical(type.getContentType()) + "[]";
        }
        String name = type.getRawClass().getName();
        if (type.containedTypeCount() == 0) {
            return name;
        }
        StringBuilder text = new StringBuilder(name).append('<');
        for (int i = 0; i < type.containedTypeCount(); i++) {
            text.append(i == 0 ? "" : ",").append(canonical(type.containedType(i)));
        }
        return text.append('>').toString();
    }

    /** @return Jackson's resolution of the type, for codecs built on Jackson (the JSON codec) */
    public JavaType jackson() {
        return resolved;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ValueType type && type.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return canonical;
    }
}
