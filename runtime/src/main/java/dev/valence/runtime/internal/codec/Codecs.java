package dev.valence.runtime.internal.codec;

import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.codec.ValueType;
import dev.valence.runtime.spi.store.BlobStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Picks the codec of each value and finds it again by name when the value is read: the user's
 * codecs first, in the order they were registered, then {@value RawArrayCodec#NAME}, {@value
 * Hdf5Codec#NAME}, {@value JsonCodec#NAME} and {@value SerializationCodec#NAME}. A codec that
 * accepts a value and then refuses it passes it on; when all refuse, the error lists each one's
 * reason.
 */
public final class Codecs {
    /** The built-in codec names, which user codecs may not take. */
    public static final Set<String> BUILT_IN =
            Set.of(RawArrayCodec.NAME, Hdf5Codec.NAME, JsonCodec.NAME, SerializationCodec.NAME);

    /** Values that the built-in codecs store exactly when declared as their own class. */
    private static final Set<Class<?>> EXACT_SCALARS =
            Set.of(String.class, Integer.class, Long.class, Short.class, Byte.class, Boolean.class, Character.class);

    private final List<ValueCodec> order;
    private final Map<String, ValueCodec> byName = new LinkedHashMap<>();
    private final TypeResolver resolver;
    private final Map<String, ValueType> types = new ConcurrentHashMap<>();

    /**
     * @param userCodecs codecs to try before the built-in ones, in this order
     * @param classLoader loads the classes named in types
     * @param blobs the store's blob area, for values that hold files
     * @throws IllegalArgumentException when two codecs share a name or a user codec takes a built-in name
     */
    public Codecs(List<ValueCodec> userCodecs, ClassLoader classLoader, Supplier<BlobStore> blobs) {
        this.order = new ArrayList<>(userCodecs);
        for (ValueCodec codec : userCodecs) {
            if (BUILT_IN.contains(codec.name())) {
                throw new IllegalArgumentException(
                        "the codec name '" + codec.name() + "' belongs to a built-in codec; give "
                                + codec.getClass().getName() + " a name of its own");
            }
        }
        order.add(new RawArrayCodec());
        order.add(new Hdf5Codec());
        order.add(new JsonCodec(classLoader, blobs));
        order.add(new SerializationCodec(classLoader));
        for (ValueCodec codec : order) {
            if (byName.putIfAbsent(codec.name(), codec) != null) {
                throw new IllegalArgumentException("two codecs are named '" + codec.name()
                        + "'; a stored value must name exactly one codec, so give each its own name");
            }
        }
        this.resolver = new TypeResolver(TypeFactory.defaultInstance().withClassLoader(classLoader));
    }

    /**
     * @param canonical a canonical type string
     * @return the resolved type, cached
     * @throws CodecException when a named class cannot be loaded
     */
    public ValueType type(String canonical) {
        ValueType found = types.get(canonical);
        if (found == null) {
            found = resolver.valueType(canonical);
            types.put(canonical, found);
        }
        return found;
    }

    /**
     * Encodes a value with the first codec that takes it, trusting each codec to give it back.
     *
     * @param value the value
     * @param type its declared type
     * @return the codec's name and the bytes
     * @throws CodecException naming the type, each codec's reason, and the fixes, when none can
     */
    public Encoded encode(Object value, ValueType type) {
        return encode(value, type, back -> true);
    }

    /**
     * Encodes a value with the first codec that takes it and gives it back: its bytes are decoded
     * once and must pass {@code readsBack}, else the next codec is tried. A value stored in a form
     * that reads back as another value (a {@code LinkedHashSet} that JSON reads as a {@code
     * HashSet}, a bean without its private state) would make a later process rebuild another input
     * than the one that was keyed, or recompute it forever. Skipped where the built-in codecs are
     * exact by construction: primitive arrays, and strings, integers, booleans and finite numbers
     * declared as their own class.
     *
     * @param value the value
     * @param type its declared type
     * @param readsBack whether a decoded value is the same as {@code value} (the engine compares
     *     fingerprints)
     * @return the codec's name and the bytes
     * @throws CodecException naming the type, each codec's reason, and the fixes, when none can
     */
    public Encoded encode(Object value, ValueType type, Predicate<Object> readsBack) {
        List<String> refusals = new ArrayList<>();
        List<CodecException> causes = new ArrayList<>();
        for (ValueCodec codec : order) {
            if (!codec.accepts(type, value)) {
                continue;
            }
            try {
                if (codec instanceof JsonCodec json) {
                    // JSON reads every value back anyway (but exact scalars): check on that read.
                    return Encoded.by(codec, () -> json.encode(value, type, readsBack));
                }
                Encoded encoded = Encoded.by(codec, () -> codec.encode(value, type));
                if (isExact(codec, value, type) || readsBack.test(codec.decode(encoded.bytes(), type))) {
                    return encoded;
                }
                refusals.add(codec.name() + ": " + readsBackAsAnother(value));
            } catch (CodecException e) {
                refusals.add(codec.name() + ": " + e.getMessage());
                causes.add(e);
            }
        }
        if (refusals.isEmpty()) {
            refusals.add("no codec accepts it");
        }
        String actual = value == null ? "null" : value.getClass().getTypeName();
        CodecException error = new CodecException(
                "Valence cannot store a value of type " + actual
                        + (actual.equals(type.canonical()) ? "" : " (declared as " + type + ")")
                        + "; every codec refused it:\n  " + String.join("\n  ", refusals)
                        + "\nTo store it: return a record or a class Jackson can read back, implement java.io.Serializable"
                        + " (declaring the exact type), or register a ValueCodec for it with Valence.builder().codec(...)",
                causes.isEmpty() ? null : causes.get(0));
        causes.stream().skip(1).forEach(error::addSuppressed);
        throw error;
    }

    private boolean isExact(ValueCodec codec, Object value, ValueType type) {
        if (value == null) {
            return true;
        }
        if (!BUILT_IN.contains(codec.name())) {
            return false;
        }
        Class<?> array = value.getClass();
        while (array.isArray()) {
            array = array.getComponentType();
        }
        if (array.isPrimitive()) {
            return true;
        }
        if (type.rawClass() != value.getClass()) {
            return false;
        }
        if (value instanceof Double number) {
            return Double.isFinite(number);
        }
        if (value instanceof Float number) {
            return Float.isFinite(number);
        }
        return EXACT_SCALARS.contains(value.getClass());
    }

    /** Why a codec's bytes are refused when they read back as another value, and the fixes. */
    static String readsBackAsAnother(Object value) {
        return "it reads back as another value, with another fingerprint: a number of another type (a Long"
                + " declared as Object reads back as an Integer), a collection of another kind, order or comparator"
                + " (a LinkedHashMap declared as Map reads back as a HashMap), or state the codec does not see;"
                + " declare exact types (Long, LinkedHashMap<K, V>) or make it a record";
    }

    /**
     * @param codec a codec name read from the store
     * @return whether this process has that codec
     */
    public boolean has(String codec) {
        return byName.containsKey(codec);
    }

    /**
     * Decodes a stored value with the codec that wrote it.
     *
     * @throws CodecException when the codec is unknown here or the bytes do not read as the type
     */
    public Object decode(String codec, byte[] bytes, ValueType type) {
        ValueCodec found = byName.get(codec);
        if (found == null) {
            throw new CodecException(
                    "the value was written with the codec '" + codec + "', which this process does not have;"
                            + " register it with Valence.builder().codec(...) (this process has " + byName.keySet()
                            + ")",
                    null);
        }
        return found.decode(bytes, type);
    }

    /**
     * A value's bytes, the name of the codec that wrote them, and the blobs they refer to.
     *
     * @param codec the codec name, stored beside the bytes
     * @param bytes the encoded value
     * @param blobs the SHA-256 of each blob the bytes refer to (the files of a stored {@code
     *     CommandResult}), for the store to check and keep; the store never parses the bytes for them
     */
    public record Encoded(String codec, byte[] bytes, List<String> blobs) {
        /** Copies the blob list. */
        public Encoded {
            blobs = List.copyOf(blobs);
        }

        /**
         * Bytes that refer to no blob.
         *
         * @param codec the codec name
         * @param bytes the encoded value
         */
        public Encoded(String codec, byte[] bytes) {
            this(codec, bytes, List.of());
        }

        /** Encodes a value with one codec, noting the blobs the encoding wrote references to. */
        static Encoded by(ValueCodec codec, Supplier<byte[]> write) {
            List<String> blobs = new ArrayList<>();
            byte[] bytes = CommandResultJson.recordingBlobs(write, blobs);
            return new Encoded(codec.name(), bytes, blobs);
        }
    }
}
