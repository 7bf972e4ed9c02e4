package dev.valence.runtime.internal.codec;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.codec.ValueType;
import java.util.ArrayList;
import java.util.List;
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
     * @return the type as codecs see it
     * @throws CodecException when a named class cannot be loaded
     */
    public ValueType valueType(String type) {
        return new ValueType(type, resolve(type));
    }

    /**
     * @param type a canonical type string
     * @return the Jackson type
     * @throws CodecException when the string is malformed or a named class cannot be loaded
     */
    public JavaType resolve(String type) {
        Parser parser = new Parser(type);
        JavaType resolved = parser.type();
        parser.expectEnd();
        return resolved;
    }

    /**
     * Reads {@code name<arguments>[]...}: Jackson's own canonical parser knows neither primitive
     * arrays nor arrays among type arguments ({@code java.util.Map<java.lang.String,double[]>}).
     */
    private final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        JavaType type() {
            String name = name();
            JavaType type;
            Class<?> primitive = PRIMITIVES.get(name);
            if (primitive != null) {
                type = factory.constructType(primitive);
            } else {
                Class<?> raw = load(name);
                if (skip('<')) {
                    List<JavaType> arguments = new ArrayList<>();
                    do {
                        arguments.add(type());
                    } while (skip(','));
                    expect('>');
                    try {
                        type = factory.constructParametricType(raw, arguments.toArray(JavaType[]::new));
                    } catch (IllegalArgumentException e) {
                        // Wrong argument count: the class changed since the type was recorded.
                        throw new CodecException(
                                "Valence cannot resolve the type '" + text + "' (" + e.getMessage()
                                        + "); did the class " + name + " change its type parameters?",
                                e);
                    }
                } else {
                    type = factory.constructType(raw);
                }
            }
            while (skip('[')) {
                expect(']');
                type = factory.constructArrayType(type);
            }
            return type;
        }

        private String name() {
            skipSpaces();
            int start = position;
            while (position < text.length()
                    && (Character.isJavaIdentifierPart(text.charAt(position)) || text.charAt(position) == '.')) {
                position++;
            }
            if (start == position) {
                throw malformed("a type name");
            }
            return text.substring(start, position);
        }

        private Class<?> load(String name) {
            try {
                return factory.findClass(name);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new CodecException(
                        "Valence cannot resolve the type '" + text + "' (class " + name + " not found: " + e
                                + "); is the class on the classpath of this process?",
                        e);
            }
        }

        private boolean skip(char expected) {
            skipSpaces();
            if (position < text.length() && text.charAt(position) == expected) {
                position++;
                return true;
            }
            return false;
        }

        private void expect(char expected) {
            if (!skip(expected)) {
                throw malformed("'" + expected + "'");
            }
        }

        void expectEnd() {
            skipSpaces();
            if (position != text.length()) {
                throw malformed("the end");
            }
        }

        private void skipSpaces() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private CodecException malformed(String wanted) {
            return new CodecException(
                    "Valence cannot resolve the type '" + text + "': expected " + wanted + " at position " + position
                            + "; canonical types look like java.util.Map<java.lang.String,double[]>",
                    null);
        }
    }
}
