package dev.valence.runtime.internal.codec;

import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.codec.ValueType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * Stores {@link Serializable} values that JSON cannot give back (no Jackson-readable properties,
 * cycles, private state) with Java serialization. Reading is guarded by an {@link
 * java.io.ObjectInputFilter} that admits only the classes the value's declared type allows (see
 * {@link DeclaredTypesFilter}): a store edited by someone else cannot make Valence build other
 * classes. Every value is read back once when it is stored, so a value the filter would refuse
 * fails its node at once, naming the class, instead of failing a later reuse.
 *
 * <p>The value must be declared as a type that says what it is: an electron declared to return
 * {@code Object} or {@code Serializable} cannot use this codec.
 */
public final class SerializationCodec implements ValueCodec {

    /** The name stored beside serialized values. */
    public static final String NAME = "java-serialization";

    private final ClassLoader classLoader;

    /**
     * @param classLoader loads the classes in the stream (the user's classes)
     */
    public SerializationCodec(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The last resort: takes every value that reaches it, and says in encode why one is not Serializable. */
    @Override
    public boolean accepts(ValueType type, Object value) {
        return true;
    }

    @Override
    public byte[] encode(Object value, ValueType type) {
        if (!(value instanceof Serializable)) {
            throw new CodecException(
                    (value == null ? "null" : value.getClass().getTypeName())
                            + " does not implement java.io.Serializable",
                    null);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new CodecException("Java serialization failed: " + e, e);
        }
        byte[] encoded = bytes.toByteArray();
        Object back = read(encoded, type, "it would not read back");
        if (!back.getClass().equals(value.getClass())) {
            throw new CodecException("it reads back as a " + back.getClass().getTypeName(), null);
        }
        return encoded;
    }

    @Override
    public Object decode(byte[] bytes, ValueType type) {
        return read(bytes, type, "a stored value cannot be read as " + type);
    }

    private Object read(byte[] bytes, ValueType type, String context) {
        DeclaredTypesFilter filter = new DeclaredTypesFilter(type, bytes.length);
        try (ObjectInputStream in = new UserClassesInputStream(new ByteArrayInputStream(bytes), classLoader)) {
            in.setObjectInputFilter(filter);
            Object value = in.readObject();
            if (value != null
                    && !type.rawClass().isInstance(value)
                    && !type.rawClass().isPrimitive()) {
                throw new CodecException(
                        context + ": it holds a " + value.getClass().getTypeName()
                                + "; was the electron's type changed since? Bump its version to recompute it",
                        null);
            }
            return value;
        } catch (InvalidClassException e) {
            if (filter.exceeded() != null) {
                throw new CodecException(
                        context + ": the stream claims " + filter.exceeded()
                                + ", more than a stream of its size can hold; the store was damaged or edited:"
                                + " redispatch to compute it again",
                        e);
            }
            if (filter.rejected() != null) {
                throw new CodecException(
                        context + ": " + filter.rejected() + " is not among the types " + type
                                + " declares (its fields, type arguments and their subclasses), so Java serialization may"
                                + " not read it; declare the field or the result with that type, or register a codec with"
                                + " Valence.builder().codec(...)",
                        e);
            }
            throw new CodecException(
                    context + " (" + e.getMessage()
                            + "); was the class changed since? Bump the electron's version to recompute it",
                    e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new CodecException(
                    context + " (" + e + "); was the class changed since? Bump the electron's version to recompute it",
                    e);
        }
    }

    /** Resolves classes in the user's class loader, as every other codec does. */
    private static final class UserClassesInputStream extends ObjectInputStream {
        private final ClassLoader classLoader;

        UserClassesInputStream(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(description);
            }
        }
    }
}
