package dev.valence.runtime.internal.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.spi.fingerprint.UnsupportedValueException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fingerprints are cache keys: equal content must give equal fingerprints whatever the container's
 * iteration order, and any difference in type or content must give a different one.
 */
class FingerprinterTest {
    private final Fingerprinter fingerprinter = new Fingerprinter();

    enum Colour {
        RED,
        GREEN {
            @Override
            public String toString() {
                return "green (a constant with a body)";
            }
        }
    }

    enum Other {
        RED
    }

    record Pair(Object left, Object right) {}

    record OtherPair(Object left, Object right) {}

    private String fp(Object value) {
        return fingerprinter.fingerprint(value);
    }

    private void assertSame(Object a, Object b) {
        assertEquals(fp(a), fp(b), () -> a + " and " + b + " should have the same fingerprint");
    }

    private void assertDifferent(Object a, Object b) {
        assertNotEquals(fp(a), fp(b), () -> a + " and " + b + " should have different fingerprints");
    }

    /**
     * Every element of an array longer than the bulk path's 64 KiB chunk counts: one element changed
     * at each chunk's first and last position, and at the very end, changes the fingerprint (a
     * bulk path that skipped a chunk's tail, or the last partial chunk, would hash fewer bytes than
     * the value holds, and a benchmark would call it faster than SHA-256).
     */
    @Test
    void everyElementOfAnArrayLongerThanAChunkCounts() {
        int perChunk = 64 * 1024 / Double.BYTES;
        int length = 3 * perChunk + 5;
        double[] doubles = new double[length];
        long[] longs = new long[length];
        String doublesBefore = fp(doubles);
        String longsBefore = fp(longs);
        for (int position : new int[] {0, perChunk - 1, perChunk, 2 * perChunk - 1, 3 * perChunk, length - 1}) {
            double[] changedDoubles = doubles.clone();
            changedDoubles[position] = 1.0;
            assertNotEquals(doublesBefore, fp(changedDoubles), "double at " + position);
            long[] changedLongs = longs.clone();
            changedLongs[position] = 1;
            assertNotEquals(longsBefore, fp(changedLongs), "long at " + position);
        }
        boolean[] booleans = new boolean[3 * 64 * 1024 + 5];
        String booleansBefore = fp(booleans);
        booleans[booleans.length - 1] = true;
        assertNotEquals(booleansBefore, fp(booleans), "the last boolean");
    }

    @Test
    void fingerprintsAreSha256Hex() {
        assertTrue(fp("x").matches("[0-9a-f]{64}"), fp("x"));
        assertSame("x", new String(new char[] {'x'}));
    }

    @Test
    void primitivesAndBoxesAreDistinguishedByType() {
        assertDifferent(1, 1L);
        assertDifferent(1, (short) 1);
        assertDifferent(1, (byte) 1);
        assertDifferent(1, '\u0001');
        assertDifferent(1.0, 1.0f);
        assertDifferent(1.0, 1);
        assertDifferent(true, 1);
        assertDifferent(0.0, -0.0);
        assertDifferent(1, "1");
        assertDifferent(null, "");
        assertDifferent(null, 0);
        assertSame(Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L)); // NaNs are one value
        assertSame(1, Integer.valueOf(1));
        assertDifferent(true, false);
        assertDifferent(Integer.MAX_VALUE, Integer.MIN_VALUE);
    }

    @Test
    void stringsAreEncodedWithTheirLength() {
        assertDifferent("", null);
        assertDifferent("ab", "ba");
        assertSame("é", "\u00e9");
        // Lossless: a lone surrogate is no '?' (which UTF-8 would make of it), nor another surrogate.
        assertDifferent("\uD800", "?");
        assertDifferent("\uD800", "\uDC00");
        assertDifferent("a\uD800", "a?");
        assertDifferent("\uD83D\uDE00", "\uDE00\uD83D");
        assertSame("\uD83D\uDE00", new StringBuilder().appendCodePoint(0x1F600).toString());
        // Self-delimiting: ["ab", "c"] and ["a", "bc"] differ.
        assertDifferent(List.of("ab", "c"), List.of("a", "bc"));
    }

    @Test
    void numbersBeyondPrimitives() {
        assertSame(new BigInteger("123456789012345678901234567890"), new BigInteger("123456789012345678901234567890"));
        assertDifferent(BigInteger.ONE, 1L);
        assertDifferent(new BigDecimal("1.0"), new BigDecimal("1.00"));
        assertDifferent(BigInteger.ONE, BigDecimal.ONE);
    }

    @Test
    void enumsByDeclaringClassAndName() {
        assertSame(Colour.RED, Colour.valueOf("RED"));
        assertDifferent(Colour.RED, Other.RED);
        assertDifferent(Colour.RED, "RED");
        // A constant with a body is its own subclass; it still fingerprints as Colour.GREEN.
        assertEquals(fp(Colour.GREEN), fp(Colour.valueOf("GREEN")));
        assertDifferent(Colour.RED, Colour.GREEN);
    }

    @Test
    void listsAreOrderedHashSetsAreNotAndTheyDifferFromEachOther() {
        assertSame(List.of(1, 2, 3), new ArrayList<>(List.of(1, 2, 3)));
        assertDifferent(List.of(1, 2), List.of(2, 1));
        assertSame(new HashSet<>(List.of(1, 2, 3)), Set.of(3, 1, 2));
        assertSame(Set.of("a", "b"), new HashSet<>(Set.of("b", "a")));
        assertSame(new LinkedHashSet<>(List.of(1, 2, 3)), new LinkedHashSet<>(List.of(1, 2, 3)));
        assertDifferent(new LinkedHashSet<>(List.of(1, 2, 3)), new LinkedHashSet<>(List.of(3, 1, 2)));
        // Kinds differ: what an electron may do with them (add, first()) differs.
        assertDifferent(new LinkedHashSet<>(List.of("a", "b")), new TreeSet<>(Set.of("b", "a")));
        assertDifferent(new LinkedHashSet<>(List.of("a", "b")), List.of("a", "b"));
        assertDifferent(Set.of("a", "b"), new TreeSet<>(Set.of("b", "a")));
        assertDifferent(List.of(1, 2), Set.of(1, 2));
        assertDifferent(List.of(1, 2), new ArrayDeque<>(List.of(1, 2))); // other collections have their own tag
        assertDifferent(List.of(), Set.of());
        assertDifferent(List.of(List.of()), List.of());
    }

    @Test
    void unorderedMapsIgnoreIterationOrderOrderedOnesDoNot() {
        Map<String, Integer> forward = new LinkedHashMap<>();
        Map<String, Integer> backward = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            forward.put("k" + i, i);
            backward.put("k" + (99 - i), 99 - i);
        }
        assertDifferent(forward, backward);
        assertSame(new HashMap<>(forward), new HashMap<>(backward));
        // A HashMap built in another order and with another capacity iterates differently; same key.
        Map<String, Integer> roomy = new HashMap<>(4096);
        roomy.putAll(backward);
        assertSame(new HashMap<>(forward), roomy);
        assertSame(new HashMap<>(forward), Map.copyOf(forward));
        assertSame(new TreeMap<>(forward), new TreeMap<>(backward));
        assertDifferent(new TreeMap<>(forward), new HashMap<>(forward));
        assertDifferent(new TreeMap<>(forward), new LinkedHashMap<>(new TreeMap<>(forward)));
        Map<String, Integer> changed = new HashMap<>(backward);
        changed.put("k50", -1);
        assertDifferent(new HashMap<>(forward), changed);
        assertDifferent(Map.of("a", 1), Map.of("a", 1L));
        assertDifferent(Map.of("a", 1), Map.of(1, "a"));
        // Keys and values are not interchangeable.
        assertDifferent(Map.of("a", "b", "c", "d"), Map.of("a", "d", "c", "b"));
        assertDifferent(Map.of(), List.of());
    }

    @Test
    void sortedCollectionsCountTheirComparator() {
        TreeSet<String> reversed = new TreeSet<>(java.util.Comparator.reverseOrder());
        reversed.addAll(List.of("a", "b"));
        assertDifferent(new TreeSet<>(List.of("a", "b")), reversed);
        TreeSet<String> one = new TreeSet<>(java.util.Comparator.reverseOrder());
        one.add("a");
        assertDifferent(new TreeSet<>(List.of("a")), one);
        TreeSet<String> again = new TreeSet<>(java.util.Comparator.reverseOrder());
        again.addAll(List.of("b", "a"));
        assertSame(reversed, again);
        TreeMap<String, Integer> reversedMap = new TreeMap<>(java.util.Collections.reverseOrder());
        reversedMap.put("a", 1);
        assertDifferent(new TreeMap<>(Map.of("a", 1)), reversedMap);
        TreeSet<String> insensitive = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        insensitive.add("a");
        assertDifferent(new TreeSet<>(List.of("a")), insensitive);
    }

    @Test
    void recordsByClassAndComponents() {
        assertSame(new Pair(1, "x"), new Pair(1, "x"));
        assertDifferent(new Pair(1, "x"), new Pair("x", 1));
        assertDifferent(new Pair(1, "x"), new OtherPair(1, "x"));
        assertDifferent(new Pair(1, "x"), List.of(1, "x"));
    }

    @Test
    void nestedStructures() {
        Map<String, Object> a = new HashMap<>();
        a.put("points", List.of(new Pair(1, new int[] {1, 2}), new Pair(Set.of(Colour.RED), null)));
        a.put("weights", new double[] {0.5, 0.25});
        Map<String, Object> b = new HashMap<>();
        b.put("weights", new double[] {0.5, 0.25});
        b.put("points", List.of(new Pair(1, new int[] {1, 2}), new Pair(Set.of(Colour.RED), null)));
        assertSame(a, b);
        b.put("points", List.of(new Pair(1, new int[] {1, 3}), new Pair(Set.of(Colour.RED), null)));
        assertDifferent(a, b);
    }

    @Test
    void arraysByComponentTypeAndContent() {
        assertSame(new int[] {1, 2}, new int[] {1, 2});
        assertDifferent(new int[] {1, 2}, new long[] {1, 2});
        assertDifferent(new int[] {1, 2}, new Integer[] {1, 2});
        assertDifferent(new int[] {1, 2}, List.of(1, 2));
        assertDifferent(new byte[] {1}, new boolean[] {true});
        assertDifferent(new int[0], new long[0]);
        assertSame(new String[] {"a", null}, new String[] {"a", null});
        assertDifferent(new String[] {"a"}, new Object[] {"a"});
        assertDifferent(new int[][] {{1}, {2}}, new int[][] {{1, 2}});
        assertSame(new boolean[] {true, false}, new boolean[] {true, false});
        assertDifferent(new boolean[] {true, false}, new boolean[] {false, true});
        assertDifferent(new char[] {'a'}, new short[] {'a'});
        assertDifferent(new float[] {1f}, new int[] {Float.floatToIntBits(1f)});
    }

    /**
     * The bulk path hashes primitive arrays 64 KiB at a time (8192 doubles, 16384 ints, 32768
     * shorts, 65536 booleans). Compare it, at sizes around the chunk boundaries, with a plain element-by-element encoding of the documented canonical
     * format ({@code '['}, component name, length, big-endian elements). This also pins the format:
     * changing it would silently invalidate every stored cache key.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8191, 8192, 8193, 16384, 20000, 32769, 65535, 65536, 65537, 131073})
    void primitiveArraysMatchTheCanonicalEncodingAcrossChunks(int length) {
        int[] ints = new int[length];
        long[] longs = new long[length];
        double[] doubles = new double[length];
        float[] floats = new float[length];
        short[] shorts = new short[length];
        char[] chars = new char[length];
        byte[] bytes = new byte[length];
        boolean[] booleans = new boolean[length];
        for (int i = 0; i < length; i++) {
            booleans[i] = i % 3 == 1;
            ints[i] = i * 31 - 7;
            longs[i] = (long) i * 0x1_0000_0001L;
            doubles[i] = i / 3.0;
            floats[i] = i / 7.0f;
            shorts[i] = (short) (i * 13);
            chars[i] = (char) (i + 'A');
            bytes[i] = (byte) i;
        }
        assertEquals(
                reference("int", length, out -> {
                    for (int v : ints) {
                        out.writeInt(v);
                    }
                }),
                fp(ints));
        assertEquals(
                reference("long", length, out -> {
                    for (long v : longs) {
                        out.writeLong(v);
                    }
                }),
                fp(longs));
        assertEquals(
                reference("double", length, out -> {
                    for (double v : doubles) {
                        out.writeDouble(v);
                    }
                }),
                fp(doubles));
        assertEquals(
                reference("float", length, out -> {
                    for (float v : floats) {
                        out.writeFloat(v);
                    }
                }),
                fp(floats));
        assertEquals(
                reference("short", length, out -> {
                    for (short v : shorts) {
                        out.writeShort(v);
                    }
                }),
                fp(shorts));
        assertEquals(
                reference("char", length, out -> {
                    for (char v : chars) {
                        out.writeChar(v);
                    }
                }),
                fp(chars));
        assertEquals(reference("byte", length, out -> out.write(bytes)), fp(bytes));
        assertEquals(
                reference("boolean", length, out -> {
                    for (boolean v : booleans) {
                        out.writeBoolean(v);
                    }
                }),
                fp(booleans));
    }

    /** A change in the last chunk, past the first 8192 elements, changes the fingerprint. */
    @Test
    void aChangeAfterTheFirstChunkIsSeen() {
        double[] a = new double[10_000];
        double[] b = a.clone();
        b[9_999] = 1e-300;
        assertDifferent(a, b);
        long[] c = new long[8193];
        long[] d = c.clone();
        d[8192] = 1;
        assertDifferent(c, d);
        assertDifferent(new int[8192], new int[8193]);
    }

    @Test
    void unsupportedTypesAreNamed() {
        UnsupportedValueException plain = assertThrows(UnsupportedValueException.class, () -> fp(new Object()));
        assertEquals("java.lang.Object", plain.typeName());
        assertTrue(plain.getMessage().contains("java.lang.Object"), plain.getMessage());
        assertTrue(plain.getMessage().contains("record"), plain.getMessage());

        // Found deep inside a supported container, the culprit is named, not the container.
        UnsupportedValueException nested = assertThrows(
                UnsupportedValueException.class, () -> fp(Map.of("k", List.of(new Pair(1, new StringBuilder("sb"))))));
        assertEquals("java.lang.StringBuilder", nested.typeName());
        assertTrue(nested.getMessage().contains("java.lang.StringBuilder"), nested.getMessage());
    }

    @Test
    void hashOfPartsIsSelfDelimiting() {
        assertNotEquals(Fingerprinter.hashOfParts(List.of("ab", "c")), Fingerprinter.hashOfParts(List.of("a", "bc")));
        assertNotEquals(Fingerprinter.hashOfParts(List.of("a", "")), Fingerprinter.hashOfParts(List.of("a")));
        assertEquals(Fingerprinter.hashOfParts(List.of("a", "b")), Fingerprinter.hashOfParts(List.of("a", "b")));
    }

    @FunctionalInterface
    private interface Elements {
        void write(DataOutputStream out) throws IOException;
    }

    /** The canonical encoding of a primitive array, written out element by element. */
    private static String reference(String component, int length, Elements elements) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte('[');
            JdkValueFingerprintTest.writeString(out, component);
            out.writeLong(length);
            elements.write(out);
            out.flush();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
