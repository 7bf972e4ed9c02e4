package dev.valence.runtime.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.internal.fingerprint.Fingerprinter;
import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.store.BlobStore;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A stored value reads back as the value that was keyed, or the next codec stores it: the engine
 * compares fingerprints, as here. Values declared as their own kind stay in JSON.
 */
class CodecRoundTripTest {
    private static final Supplier<BlobStore> NO_BLOBS = () -> {
        throw new UnsupportedOperationException("no blobs in this test");
    };

    private final Codecs codecs = new Codecs(List.of(), CodecRoundTripTest.class.getClassLoader(), NO_BLOBS);
    private final Fingerprinter fingerprinter = new Fingerprinter();

    private String codecOf(Object value, String type) {
        String fingerprint = fingerprinter.fingerprint(value);
        Codecs.Encoded encoded =
                codecs.encode(value, codecs.type(type), back -> fingerprint.equals(fingerprinter.fingerprint(back)));
        Object back = codecs.decode(encoded.codec(), encoded.bytes(), codecs.type(type));
        assertEquals(fingerprint, fingerprinter.fingerprint(back), "reads back as the keyed value");
        return encoded.codec();
    }

    private static <K, V> Map<K, V> linked(K k1, V v1, K k2, V v2) {
        Map<K, V> map = new LinkedHashMap<>();
        map.put(k2, v2);
        map.put(k1, v1);
        return map;
    }

    @Test
    void unorderedMapsAndSetsDeclaredAsTheirInterfaceStayInJson() {
        assertEquals(
                "json",
                codecOf(new HashMap<>(Map.of("a", 1, "b", 2)), "java.util.Map<java.lang.String,java.lang.Integer>"));
        assertEquals("json", codecOf(Map.of("a", 1, "b", 2), "java.util.Map<java.lang.String,java.lang.Integer>"));
        assertEquals("json", codecOf(Set.of("a", "b"), "java.util.Set<java.lang.String>"));
        assertEquals(
                "json",
                codecOf(List.of(Map.of("a", 1)), "java.util.List<java.util.Map<java.lang.String,java.lang.Integer>>"));
    }

    @Test
    void mapsOfArraysOfEitherKindStayInHdf5() {
        String type = "java.util.Map<java.lang.String,double[]>";
        assertEquals("hdf5", codecOf(new HashMap<>(Map.of("a", new double[] {1}, "b", new double[] {2})), type));
        assertEquals("hdf5", codecOf(linked("a", new double[] {1}, "b", new double[] {2}), type));
    }

    @Test
    void orderedOnesDeclaredExactlyStayInJson() {
        assertEquals(
                "json", codecOf(linked("a", 1, "b", 2), "java.util.LinkedHashMap<java.lang.String,java.lang.Integer>"));
        assertEquals(
                "json", codecOf(new LinkedHashSet<>(List.of("b", "a")), "java.util.LinkedHashSet<java.lang.String>"));
        assertEquals("json", codecOf(new TreeSet<>(List.of("b", "a")), "java.util.SortedSet<java.lang.String>"));
    }

    @Test
    void orderedOnesDeclaredAsTheInterfaceGoToJavaSerialization() {
        String map = "java.util.Map<java.lang.String,java.lang.Integer>";
        assertEquals("java-serialization", codecOf(linked("a", 1, "b", 2), map));
        assertEquals(
                "java-serialization",
                codecOf(new LinkedHashSet<>(List.of("b", "a")), "java.util.Set<java.lang.String>"));
        TreeSet<String> reversed = new TreeSet<>(Collections.reverseOrder());
        reversed.addAll(List.of("a", "b"));
        assertEquals("java-serialization", codecOf(reversed, "java.util.SortedSet<java.lang.String>"));
    }

    /** A record of date-times: JSON keeps zones and offsets, not only the instant. */
    public record Meeting(java.time.ZonedDateTime at, java.time.OffsetDateTime booked) {}

    @Test
    void dateTimesKeepTheirZoneInJson() {
        java.time.ZonedDateTime paris =
                java.time.ZonedDateTime.of(2024, 3, 1, 10, 0, 0, 0, java.time.ZoneId.of("Europe/Paris"));
        assertEquals("json", codecOf(paris, "java.time.ZonedDateTime"));
        assertEquals("json", codecOf(new Meeting(paris, paris.toOffsetDateTime()), Meeting.class.getName()));
    }

    /** JSON reads a small Long declared as Object back as an Integer: another value, refused, not narrowed. */
    @Test
    void aLongDeclaredAsObjectIsNotStoredAsAnInteger() {
        Map<String, Object> counts = new HashMap<>(Map.of("n", 1L));
        CodecException refused = assertThrows(
                CodecException.class, () -> codecOf(counts, "java.util.Map<java.lang.String,java.lang.Object>"));
        assertTrue(refused.getMessage().contains("a Long declared as Object"), refused.getMessage());
        assertEquals("json", codecOf(counts, "java.util.Map<java.lang.String,java.lang.Long>"));
    }

    @Test
    void whenNoCodecGivesTheValueBackTheRefusalSaysWhyAndTheFix() {
        TreeSet<String> lambdaOrdered = new TreeSet<>((a, b) -> b.compareTo(a));
        lambdaOrdered.addAll(List.of("a", "b"));
        CodecException refused = assertThrows(
                CodecException.class, () -> codecOf(lambdaOrdered, "java.util.SortedSet<java.lang.String>"));
        assertTrue(refused.getMessage().contains("json: it reads back as another value"), refused.getMessage());
        assertTrue(refused.getMessage().contains("declare exact types"), refused.getMessage());
    }
}
