package dev.valence.runtime.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.codec.ValueType;
import dev.valence.runtime.spi.store.BlobStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Which codec stores which value, that each gives the value back as it was, and that a value no
 * codec can store is refused with a message naming the type, each codec's reason and the fix.
 */
class CodecsTest {
    private static final String PREFIX = CodecsTest.class.getName() + "$";
    private static final Supplier<BlobStore> NO_BLOBS = () -> {
        throw new UnsupportedOperationException("no blobs in this test");
    };

    private final Codecs codecs = new Codecs(List.of(), CodecsTest.class.getClassLoader(), NO_BLOBS);

    /** A public record: JSON's case. */
    public record Point(int x, int y) implements Serializable {}

    /** Serializable, with state Jackson cannot see (no accessors): Java serialization's case. */
    public static final class Secret implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String hidden;
        private final Shape shape;

        public Secret(String hidden, Shape shape) {
            this.hidden = hidden;
            this.shape = shape;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Secret secret && secret.hidden.equals(hidden) && secret.shape.equals(shape);
        }

        @Override
        public int hashCode() {
            return Objects.hash(hidden, shape);
        }
    }

    /** A declared supertype: its subclasses are admitted when a field declares it. */
    public abstract static class Shape implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A subclass with a field of its own, reached only through {@link Shape}. */
    // The field is declared as the interface on purpose: the filter must admit the list class the stream names.
    @SuppressWarnings("serial")
    public static final class Circle extends Shape {
        private static final long serialVersionUID = 1L;
        private final List<Point> centre;

        public Circle(List<Point> centre) {
            this.centre = centre;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Circle circle && circle.centre.equals(centre);
        }

        @Override
        public int hashCode() {
            return centre.hashCode();
        }
    }

    /** Not declared anywhere a {@code Secret} can hold it: the filter must refuse it. */
    public static final class Intruder implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Neither Jackson-readable nor Serializable: no built-in codec can store it. */
    public static final class Opaque {
        @SuppressWarnings("unused")
        private final int state = 7;
    }

    private Codecs.Encoded encode(Object value, String type) {
        return codecs.encode(value, codecs.type(type));
    }

    private Object roundTrip(Object value, String type, String expectedCodec) {
        Codecs.Encoded encoded = encode(value, type);
        assertEquals(expectedCodec, encoded.codec(), "codec of " + type);
        return codecs.decode(encoded.codec(), encoded.bytes(), codecs.type(type));
    }

    @Test
    void oneDimensionalPrimitiveArraysAreStoredRawLittleEndian() {
        double[] doubles = {1.5, -2.25, Double.NaN, Double.MAX_VALUE};
        Codecs.Encoded encoded = encode(doubles, "double[]");
        assertEquals(RawArrayCodec.NAME, encoded.codec());
        ByteBuffer expected = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        Arrays.stream(doubles).forEach(expected::putDouble);
        assertArrayEquals(expected.array(), encoded.bytes(), "8 bytes per element, nothing around them");

        assertArrayEquals(doubles, (double[]) roundTrip(doubles, "double[]", RawArrayCodec.NAME));
        assertArrayEquals(new int[] {1, -2, Integer.MIN_VALUE}, (int[])
                roundTrip(new int[] {1, -2, Integer.MIN_VALUE}, "int[]", RawArrayCodec.NAME));
        assertArrayEquals(new long[] {Long.MAX_VALUE, 0}, (long[])
                roundTrip(new long[] {Long.MAX_VALUE, 0}, "long[]", "raw"));
        assertArrayEquals(new float[] {0.5f}, (float[]) roundTrip(new float[] {0.5f}, "float[]", "raw"));
        assertArrayEquals(new short[] {-3}, (short[]) roundTrip(new short[] {-3}, "short[]", "raw"));
        assertArrayEquals(new char[] {'é', 'x'}, (char[]) roundTrip(new char[] {'é', 'x'}, "char[]", "raw"));
        assertArrayEquals(
                new boolean[] {true, false}, (boolean[]) roundTrip(new boolean[] {true, false}, "boolean[]", "raw"));
        assertArrayEquals(new byte[] {9, -9}, (byte[]) roundTrip(new byte[] {9, -9}, "byte[]", "raw"));
        assertArrayEquals(new double[0], (double[]) roundTrip(new double[0], "double[]", "raw"));
    }

    @Test
    void aDamagedRawValueIsReportedNotMisread() {
        CodecException error = assertThrows(
                CodecException.class, () -> codecs.decode("raw", new byte[] {1, 2, 3}, codecs.type("double[]")));
        assertTrue(error.getMessage().contains("not a multiple of 8"), error.getMessage());
    }

    @Test
    void rectangularNumericArraysAndMapsOfThemAreStoredAsHdf5() {
        double[][] matrix = {{1, 2, 3}, {4, 5, 6}};
        assertArrayEquals(matrix, (double[][]) roundTrip(matrix, "double[][]", Hdf5Codec.NAME));
        int[][][] cube = {{{1}, {2}}, {{3}, {4}}};
        assertTrue(Arrays.deepEquals(cube, (int[][][]) roundTrip(cube, "int[][][]", Hdf5Codec.NAME)));

        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put("energy", new double[] {1.5, 2.5});
        columns.put("counts", new double[] {10, 20});
        Map<?, ?> back = (Map<?, ?>) roundTrip(columns, "java.util.Map<java.lang.String,double[]>", Hdf5Codec.NAME);
        assertEquals(columns.keySet(), back.keySet());
        assertArrayEquals(columns.get("energy"), (double[]) back.get("energy"));
        assertArrayEquals(columns.get("counts"), (double[]) back.get("counts"));

        Map<String, Map<String, long[][]>> nested = Map.of("scan1", Map.of("frames", new long[][] {{1, 2}, {3, 4}}));
        Object nestedBack = roundTrip(
                nested,
                "java.util.SortedMap<java.lang.String,java.util.Map<java.lang.String,long[][]>>",
                Hdf5Codec.NAME);
        assertInstanceOf(TreeMap.class, nestedBack, "a declared SortedMap comes back sorted");
        long[][] frames = (long[][]) ((Map<?, ?>) ((Map<?, ?>) nestedBack).get("scan1")).get("frames");
        assertArrayEquals(new long[][] {{1, 2}, {3, 4}}, frames);
    }

    @Test
    void whatHdf5CannotHoldGoesToJson() {
        double[][] jagged = {{1, 2}, {3}};
        assertTrue(Arrays.deepEquals(jagged, (double[][]) roundTrip(jagged, "double[][]", JsonCodec.NAME)));
        double[][] empty = {};
        assertEquals(0, ((double[][]) roundTrip(empty, "double[][]", JsonCodec.NAME)).length);
        String mapType = "java.util.Map<java.lang.String,double[]>";
        assertEquals(
                JsonCodec.NAME, encode(Map.of("a/b", new double[] {1}), mapType).codec(), "'/' is no HDF5 name");
        assertEquals(JsonCodec.NAME, encode(Map.of("a", new double[0]), mapType).codec(), "no empty datasets");
        assertEquals(JsonCodec.NAME, encode(Map.of(), mapType).codec());
        assertEquals(
                JsonCodec.NAME,
                encode(Map.of("a", List.of(1.0)), "java.util.Map<java.lang.String,java.util.List<java.lang.Double>>")
                        .codec());
    }

    @Test
    void recordsAndCollectionsAreJson() {
        assertEquals(new Point(1, 2), roundTrip(new Point(1, 2), PREFIX + "Point", JsonCodec.NAME));
        assertEquals(List.of(3L), roundTrip(List.of(3L), "java.util.List<java.lang.Long>", JsonCodec.NAME));
        assertEquals("text", roundTrip("text", "java.lang.String", JsonCodec.NAME));
    }

    @Test
    void serializableValuesJsonCannotGiveBackUseJavaSerialization() {
        Secret secret = new Secret("kept", new Circle(new ArrayList<>(List.of(new Point(1, 2)))));
        assertEquals(secret, roundTrip(secret, PREFIX + "Secret", SerializationCodec.NAME));

        Secret immutableList = new Secret("kept", new Circle(List.of(new Point(3, 4))));
        assertEquals(
                immutableList,
                roundTrip(immutableList, PREFIX + "Secret", SerializationCodec.NAME),
                "List.of travels as java.util.CollSer, admitted where lists are");
    }

    @Test
    void theFilterAdmitsOnlyWhatTheDeclaredTypeAllows() throws IOException {
        // A stream someone edited: a list that should hold Points holds an Intruder.
        ByteArrayOutputStream tampered = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(tampered)) {
            out.writeObject(new ArrayList<>(List.of(new Intruder())));
        }
        CodecException error = assertThrows(
                CodecException.class,
                () -> codecs.decode(
                        SerializationCodec.NAME,
                        tampered.toByteArray(),
                        codecs.type("java.util.List<" + PREFIX + "Point>")));
        assertTrue(error.getMessage().contains(PREFIX + "Intruder is not among the types"), error.getMessage());

        // A value declared as Serializable says nothing about what it holds: nothing is admitted.
        Secret secret = new Secret("kept", new Circle(List.of()));
        CodecException refused = assertThrows(CodecException.class, () -> encode(secret, "java.io.Serializable"));
        assertTrue(refused.getMessage().contains("java-serialization: "), refused.getMessage());
        assertTrue(refused.getMessage().contains("is not among the types"), refused.getMessage());
    }

    @Test
    void aValueNoCodecCanStoreIsRefusedWithEachReasonAndTheFix() {
        CodecException error = assertThrows(CodecException.class, () -> encode(new Opaque(), PREFIX + "Opaque"));
        String message = error.getMessage();
        assertTrue(
                message.startsWith("Valence cannot store a value of type " + PREFIX.replace('$', '.') + "Opaque")
                        || message.startsWith("Valence cannot store a value of type " + PREFIX + "Opaque"),
                message);
        assertTrue(message.contains("\n  json: "), message);
        assertTrue(message.contains("\n  java-serialization: "), message);
        assertTrue(message.contains("does not implement java.io.Serializable"), message);
        assertTrue(message.contains("register a ValueCodec for it with Valence.builder().codec(...)"), message);
    }

    /** Stores strings reversed: a user codec, tried before the built-in ones. */
    static class ReversingCodec implements ValueCodec {
        @Override
        public String name() {
            return "reversed";
        }

        @Override
        public boolean accepts(ValueType type, Object value) {
            return type.rawClass() == String.class && value != null;
        }

        @Override
        public byte[] encode(Object value, ValueType type) {
            return new StringBuilder((String) value)
                    .reverse()
                    .toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public Object decode(byte[] bytes, ValueType type) {
            return new StringBuilder(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))
                    .reverse()
                    .toString();
        }
    }

    @Test
    void userCodecsComeFirstAndAreFoundByName() {
        Codecs withUser = new Codecs(List.of(new ReversingCodec()), getClass().getClassLoader(), NO_BLOBS);
        Codecs.Encoded encoded = withUser.encode("abc", withUser.type("java.lang.String"));
        assertEquals("reversed", encoded.codec());
        assertEquals("cba", new String(encoded.bytes(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("abc", withUser.decode("reversed", encoded.bytes(), withUser.type("java.lang.String")));
        assertEquals(
                RawArrayCodec.NAME,
                withUser.encode(new int[] {1}, withUser.type("int[]")).codec(),
                "values the user codec does not accept go on to the built-in codecs");

        CodecException unknown = assertThrows(
                CodecException.class,
                () -> codecs.decode("reversed", encoded.bytes(), codecs.type("java.lang.String")));
        assertTrue(unknown.getMessage().contains("codec 'reversed', which this process does not have"));
        assertTrue(unknown.getMessage().contains("Valence.builder().codec(...)"));
    }

    @Test
    void nestedTypesKeepTheProcessorsSpellingAndAChangedArityIsACodecError() {
        ValueType map = codecs.type("java.util.Map<java.lang.String,java.util.List<int[][]>>");
        assertEquals("java.util.List<int[][]>", map.typeArguments().get(1).canonical());
        ValueType matrix = map.typeArguments().get(1).typeArguments().get(0);
        assertEquals("int[][]", matrix.canonical());
        assertEquals("int[]", matrix.componentType().orElseThrow().canonical());
        CodecException wrongCount =
                assertThrows(CodecException.class, () -> codecs.type("java.util.Map<java.lang.String>"));
        assertTrue(wrongCount.getMessage().contains("change its type parameters"), wrongCount.getMessage());
    }

    @Test
    void codecNamesAreUnique() {
        ValueCodec impostor = new ReversingCodec() {
            @Override
            public String name() {
                return "json";
            }
        };
        IllegalArgumentException error = assertThrows(
                IllegalArgumentException.class,
                () -> new Codecs(List.of(impostor), getClass().getClassLoader(), NO_BLOBS));
        assertTrue(error.getMessage().contains("belongs to a built-in codec"), error.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new Codecs(
                        List.of(new ReversingCodec(), new ReversingCodec()),
                        getClass().getClassLoader(),
                        NO_BLOBS));
    }
}
