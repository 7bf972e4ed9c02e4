package dev.valence.runtime.internal.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.codec.ValueType;
import dev.valence.runtime.spi.store.BlobStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Stores values as JSON through Jackson, decoding them to the exact generic type the processor
 * recorded ({@code java.util.Map<java.lang.String,java.util.List<java.lang.Double>>}).
 *
 * <p>Every encoded value is decoded once before it is accepted, so a type Jackson can write but
 * not read back (no creator, no setters) fails when the node ends, with a message naming the type,
 * instead of failing a later dispatch that wants to reuse it.
 */
public final class JsonCodec implements ValueCodec {

    /** The name stored beside JSON values. */
    public static final String NAME = "json";

    private static final Set<Class<?>> EXACT_SCALARS =
            Set.of(String.class, Integer.class, Long.class, Short.class, Byte.class, Boolean.class, Character.class);

    private final ObjectMapper mapper;
    private final TypeResolver types;
    private final Map<String, JavaType> resolved = new ConcurrentHashMap<>();
    /** One writer and one reader per type: {@code writerFor} and {@code readerFor} build a new one each call. */
    private final Map<JavaType, ObjectWriter> writers = new ConcurrentHashMap<>();

    private final Map<JavaType, ObjectReader> readers = new ConcurrentHashMap<>();

    /**
     * @param classLoader loads the classes named in type strings
     */
    public JsonCodec(ClassLoader classLoader) {
        this(classLoader, () -> {
            throw new UnsupportedOperationException("this JSON codec was created without a blob store");
        });
    }

    /**
     * @param classLoader loads the classes named in type strings
     * @param blobs the store's blob area, asked for only when a {@link
     *     dev.valence.runtime.command.CommandResult} is written or read: writing one moves its files
     *     there, wherever it sits in the value
     */
    public JsonCodec(ClassLoader classLoader, Supplier<BlobStore> blobs) {
        // What Valence writes it must read back, in every later process: Jackson's default read
        // limits (20,000,000 characters a string, 1,000 digits a number, 50,000 a name) would refuse
        // values that its writer has no limit for, and such a value would be computed again forever.
        StreamReadConstraints unlimited = StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE)
                .maxNumberLength(Integer.MAX_VALUE)
                .maxNameLength(Integer.MAX_VALUE)
                .build();
        // A Map declared as the interface is read as a HashMap, which fingerprints as the HashMaps and
        // Map.ofs most values are; an ordered map read back as one would be another value, so
        // Codecs then passes it to the next codec (or JSON keeps it when it is declared exactly).
        SimpleModule defaults = new SimpleModule("valence-container-defaults");
        defaults.addAbstractTypeMapping(Map.class, HashMap.class);
        this.mapper = JsonMapper.builder(
                        JsonFactory.builder().streamReadConstraints(unlimited).build())
                .addModule(defaults)
                .addModule(new Jdk8Module())
                .addModule(new JavaTimeModule())
                .addModule(CommandResultJson.module(blobs))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // A ZonedDateTime keeps its zone and an OffsetDateTime its offset: by default Jackson
                // writes the offset only and reads both back moved to UTC, which is another value
                // (another toString, another fingerprint), so records holding one could not be stored.
                .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                // Kept on (Jackson's default): a bean without properties would be stored as {} and
                // come back empty, silently losing its data.
                .enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        this.mapper.setTypeFactory(mapper.getTypeFactory().withClassLoader(classLoader));
        this.types = new TypeResolver(mapper.getTypeFactory());
    }

    @Override
    public String name() {
        return NAME;
    }

    /** JSON is the default: it takes every value that reaches it and refuses, in encode, what it cannot give back. */
    @Override
    public boolean accepts(ValueType type, Object value) {
        return true;
    }

    @Override
    public byte[] encode(Object value, ValueType type) {
        resolved.putIfAbsent(type.canonical(), type.jackson());
        return encode(value, type.canonical());
    }

    @Override
    public Object decode(byte[] bytes, ValueType type) {
        resolved.putIfAbsent(type.canonical(), type.jackson());
        return decode(bytes, type.canonical());
    }

    /**
     * Encodes a value as JSON and checks that it reads back as the same type.
     *
     * @param value the value
     * @param type the canonical generic type
     * @return the JSON bytes
     * @throws CodecException when the value would not come back as it was
     */
    public byte[] encode(Object value, String type) {
        return encode(value, type, back -> true);
    }

    /**
     * Encodes a value as a declared type and checks, on the one read back it takes anyway, that it
     * reads back as the same value: what {@link Codecs} asks of every codec, without a second decode.
     */
    byte[] encode(Object value, ValueType type, Predicate<Object> readsBack) {
        resolved.putIfAbsent(type.canonical(), type.jackson());
        return encode(value, type.canonical(), readsBack);
    }

    private byte[] encode(Object value, String type, Predicate<Object> readsBack) {
        JavaType javaType = resolve(type);
        byte[] plain = plainNumberOrBoolean(value, javaType);
        if (plain != null) {
            return plain;
        }
        byte[] bytes;
        try {
            bytes = writers.computeIfAbsent(javaType, mapper::writerFor).writeValueAsBytes(value);
        } catch (IOException | RuntimeException e) {
            throw ownOr(e, () -> new CodecException(cannotStore(value, type, e.getMessage()), e));
        }
        if (readsBackExactly(value, javaType)) {
            return bytes;
        }
        Object back;
        try {
            back = reader(javaType).readValue(bytes);
        } catch (IOException | RuntimeException e) {
            throw ownOr(e, () -> new CodecException(cannotStore(value, type, e.getMessage()), e));
        }
        if (value != null && back == null) {
            throw new CodecException(cannotStore(value, type, "it reads back as null"), null);
        }
        if (value != null && !isContainer(value) && !back.getClass().equals(value.getClass())) {
            // Declared as a supertype (Object, Number), a record would come back as a Map and a Long
            // as an Integer: refuse now rather than hand a later reader another type.
            throw new CodecException(
                    cannotStore(
                            value, type, "it reads back as a " + back.getClass().getName()),
                    null);
        }
        if (!readsBack.test(back)) {
            throw new CodecException(Codecs.readsBackAsAnother(value), null);
        }
        return bytes;
    }

    /**
     * Strings, integers and finite floating-point numbers declared as their own type always read
     * back as they were: skip the check, which would cost as much as the write, for the values
     * most nodes produce.
     */
    private static boolean readsBackExactly(Object value, JavaType declared) {
        if (value == null || declared.getRawClass() != value.getClass()) {
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

    /**
     * The JSON of an integer or a boolean declared as its own class, without Jackson: its decimal
     * or {@code true}/{@code false} form, the very bytes Jackson writes, at a fraction of the cost
     * for the values most nodes produce. Null for every other value.
     */
    private static byte[] plainNumberOrBoolean(Object value, JavaType declared) {
        if (value == null || declared.getRawClass() != value.getClass()) {
            return null;
        }
        if (value instanceof Integer
                || value instanceof Long
                || value instanceof Short
                || value instanceof Byte
                || value instanceof Boolean) {
            return value.toString().getBytes(StandardCharsets.US_ASCII);
        }
        return null;
    }

    private ObjectReader reader(JavaType type) {
        return readers.computeIfAbsent(type, mapper::readerFor);
    }

    /** Containers come back as Jackson's own implementations (ArrayList for List.of): that is fine. */
    private static boolean isContainer(Object value) {
        return value instanceof Collection<?>
                || value instanceof Map<?, ?>
                || value.getClass().isArray();
    }

    private static String cannotStore(Object value, String type, String reason) {
        String actual = value == null ? type : value.getClass().getName();
        return "Valence cannot store a value of type " + actual
                + (actual.equals(type) ? "" : " (declared as " + type + ")")
                + " as JSON (" + reason + ")"
                + ": make it a record or a class with Jackson-readable properties (a public constructor"
                + " annotated @JsonCreator, or a no-argument constructor and setters), declare the exact"
                + " type, or return a type Jackson already reads (String, numbers, lists, maps)";
    }

    /**
     * Decodes JSON bytes to a canonical generic type.
     *
     * @param bytes the JSON
     * @param type the canonical generic type
     * @return the value
     * @throws CodecException when the bytes cannot be read as that type
     */
    public Object decode(byte[] bytes, String type) {
        try {
            return reader(resolve(type)).readValue(bytes);
        } catch (IOException | RuntimeException e) {
            throw ownOr(
                    e,
                    () -> new CodecException(
                            "Valence cannot read a stored JSON value as " + type + " (" + e.getMessage()
                                    + "); was the type changed since it was stored? Bump the electron's version to"
                                    + " recompute it",
                            e));
        }
    }

    /**
     * A CodecException raised inside Jackson (by a serializer of ours) already says what went
     * wrong: pass it on instead of wrapping it in generic advice.
     */
    private static CodecException ownOr(Throwable error, Supplier<CodecException> otherwise) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof CodecException own) {
                return own;
            }
        }
        return otherwise.get();
    }

    private JavaType resolve(String type) {
        Objects.requireNonNull(type, "type");
        return resolved.computeIfAbsent(type, types::resolve);
    }
}
