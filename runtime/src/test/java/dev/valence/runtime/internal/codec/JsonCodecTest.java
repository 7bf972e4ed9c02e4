package dev.valence.runtime.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.spi.codec.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON codec decodes to the exact generic type the processor records, and refuses at encode
 * time any value it could not give back as it was, with a message naming the type and the fix.
 */
class JsonCodecTest {
    private final JsonCodec codec = new JsonCodec(JsonCodecTest.class.getClassLoader());

    /** A public record, as users return from electrons. */
    public record Point(int x, int y) {}

    /** Holds data only in private fields without accessors: Jackson sees no properties. */
    public static final class Opaque {
        @SuppressWarnings("unused")
        private final int secret;

        public Opaque() {
            this(0);
        }

        public Opaque(int secret) {
            this.secret = secret;
        }
    }

    private Object roundTrip(Object value, String type) {
        return codec.decode(codec.encode(value, type), type);
    }

    /**
     * Integers and booleans declared as their own class skip Jackson on the way in: the bytes must
     * be exactly Jackson's, so stores written before and after read alike.
     */
    @Test
    void plainIntegersAndBooleansAreWrittenAsJacksonWritesThem() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper jackson = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Object> values = List.of(
                0,
                -1,
                Integer.MIN_VALUE,
                Integer.MAX_VALUE,
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                (short) -32768,
                (byte) 127,
                true,
                false);
        for (Object value : values) {
            String type = value.getClass().getName();
            byte[] bytes = codec.encode(value, type);
            assertArrayEquals(jackson.writeValueAsBytes(value), bytes, type + " " + value);
            assertEquals(value, codec.decode(bytes, type), type + " " + value);
        }
        // Declared as a supertype, the value still goes through Jackson and its read-back check.
        assertThrows(CodecException.class, () -> codec.encode(5L, "java.lang.Number"));
    }

    @Test
    void genericListsAndMapsComeBackWithTheirElementTypes() {
        Object ints = roundTrip(List.of(1, 2, 3), "java.util.List<java.lang.Integer>");
        assertEquals(List.of(1, 2, 3), ints);

        String mapType = "java.util.Map<java.lang.String,java.util.List<java.lang.Double>>";
        Object map = roundTrip(Map.of("a", List.of(1.0, 2.5), "b", List.of()), mapType);
        assertEquals(Map.of("a", List.of(1.0, 2.5), "b", List.of()), map);
        // 1.0 must come back a Double, not an Integer or a BigDecimal.
        assertInstanceOf(Double.class, ((Map<?, ?>) map).get("a") instanceof List<?> l ? l.get(0) : null);

        // Longs that fit an int stay Longs when the type says so.
        Object longs = roundTrip(new ArrayList<>(List.of(1L)), "java.util.List<java.lang.Long>");
        assertInstanceOf(Long.class, ((List<?>) longs).get(0));
    }

    @Test
    void spacesInGenericTypesAreAccepted() {
        String mapType = "java.util.Map<java.lang.String, java.util.List<java.lang.Integer>>";
        assertEquals(Map.of("k", List.of(7)), roundTrip(Map.of("k", List.of(7)), mapType));
    }

    @Test
    void recordsComeBackAsRecords() {
        String type = Point.class.getName(); // binary name: ...JsonCodecTest$Point
        assertEquals(new Point(1, -2), roundTrip(new Point(1, -2), type));
        assertEquals(
                List.of(new Point(0, 0)),
                roundTrip(List.of(new Point(0, 0)), "java.util.List<" + Point.class.getName() + ">"));
    }

    @Test
    void arraysOfPrimitivesAndStrings() {
        int[] ints = (int[]) roundTrip(new int[] {1, -2, Integer.MAX_VALUE}, "int[]");
        assertArrayEquals(new int[] {1, -2, Integer.MAX_VALUE}, ints);
        String[] strings = (String[]) roundTrip(new String[] {"a", null, "ü"}, "java.lang.String[]");
        assertArrayEquals(new String[] {"a", null, "ü"}, strings);
        double[][] grid = (double[][]) roundTrip(new double[][] {{1.5}, {}}, "double[][]");
        assertArrayEquals(new double[] {1.5}, grid[0]);
        assertEquals(0, grid[1].length);
    }

    @Test
    void scalarsAndNull() {
        assertEquals("text", roundTrip("text", "java.lang.String"));
        assertEquals(42L, roundTrip(42L, "java.lang.Long"));
        assertEquals(1.5, roundTrip(1.5, "java.lang.Double"));
        assertEquals(null, roundTrip(null, "java.lang.String"));
        assertEquals("42", new String(codec.encode(42, "java.lang.Integer"), StandardCharsets.UTF_8));
    }

    @Test
    void anObjectWithoutPropertiesIsRefusedWithTheTypeAndTheFix() {
        CodecException error = assertThrows(CodecException.class, () -> codec.encode(new Object(), "java.lang.Object"));
        assertNamesTypeAndFix(error, "java.lang.Object");
    }

    @Test
    void aClassWithOnlyPrivateFieldsIsRefusedInsteadOfLosingItsData() {
        CodecException error =
                assertThrows(CodecException.class, () -> codec.encode(new Opaque(7), Opaque.class.getName()));
        assertNamesTypeAndFix(error, Opaque.class.getName());
    }

    /** Declared as Object, a record would come back as a Map: refused rather than silently changed. */
    @Test
    void aValueThatWouldComeBackAsAnotherTypeIsRefused() {
        CodecException record =
                assertThrows(CodecException.class, () -> codec.encode(new Point(1, 2), "java.lang.Object"));
        assertNamesTypeAndFix(record, Point.class.getName());
        CodecException number = assertThrows(CodecException.class, () -> codec.encode(5L, "java.lang.Number"));
        assertNamesTypeAndFix(number, "java.lang.Long");
        // The same declared type is fine when the value survives the trip.
        assertEquals("s", roundTrip("s", "java.lang.Object"));
    }

    @Test
    void mapsWithRecordKeysAreRefused() {
        String type = "java.util.Map<" + Point.class.getName() + ",java.lang.Integer>";
        CodecException error = assertThrows(CodecException.class, () -> codec.encode(Map.of(new Point(1, 1), 1), type));
        assertTrue(error.getMessage().contains(type), error.getMessage());
    }

    @Test
    void anUnknownTypeNameSaysToCheckTheClasspath() {
        CodecException error = assertThrows(CodecException.class, () -> codec.encode(1, "com.example.Missing"));
        assertTrue(error.getMessage().contains("com.example.Missing"), error.getMessage());
        assertTrue(error.getMessage().contains("classpath"), error.getMessage());
    }

    @Test
    void decodingAsAnIncompatibleTypeSaysWhatChanged() {
        byte[] text = codec.encode("not a number", "java.lang.String");
        CodecException error = assertThrows(CodecException.class, () -> codec.decode(text, "java.lang.Integer"));
        assertTrue(error.getMessage().contains("java.lang.Integer"), error.getMessage());
        assertTrue(error.getMessage().contains("version"), error.getMessage());
    }

    private static void assertNamesTypeAndFix(CodecException error, String typeName) {
        String message = error.getMessage();
        assertTrue(message.contains(typeName), message);
        assertTrue(message.contains("make it a record"), message);
    }
}
