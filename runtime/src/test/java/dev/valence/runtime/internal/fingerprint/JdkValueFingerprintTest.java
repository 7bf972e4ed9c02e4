package dev.valence.runtime.internal.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Optional, java.time, UUID, URI, Pattern and Jackson trees: equal content, equal key; else not. */
class JdkValueFingerprintTest {
    private final Fingerprinter fingerprinter = new Fingerprinter();

    private String fp(Object value) {
        return fingerprinter.fingerprint(value);
    }

    private void assertSame(Object a, Object b) {
        assertEquals(fp(a), fp(b), () -> a + " and " + b + " should have the same fingerprint");
    }

    private void assertDifferent(Object a, Object b) {
        assertNotEquals(fp(a), fp(b), () -> a + " and " + b + " should have different fingerprints");
    }

    @Test
    void optionalsByPresenceAndValue() {
        assertSame(Optional.empty(), Optional.ofNullable(null));
        assertSame(Optional.of("a"), Optional.of(new String("a")));
        assertDifferent(Optional.of("a"), Optional.of("b"));
        assertDifferent(Optional.empty(), Optional.of(""));
        assertDifferent(Optional.empty(), null);
        assertDifferent(Optional.of(1), 1);
        assertDifferent(Optional.of(1), List.of(1));
        Map<String, Integer> hash = new HashMap<>();
        Map<String, Integer> roomy = new HashMap<>(1024);
        for (int i = 0; i < 50; i++) {
            hash.put("k" + i, i);
            roomy.put("k" + (49 - i), 49 - i);
        }
        assertSame(Optional.of(hash), Optional.of(roomy));
    }

    @Test
    void primitiveOptionalsHaveTheirOwnType() {
        assertSame(OptionalInt.of(1), OptionalInt.of(1));
        assertDifferent(OptionalInt.of(1), OptionalInt.of(2));
        assertDifferent(OptionalInt.of(1), OptionalInt.empty());
        assertDifferent(OptionalInt.of(1), OptionalLong.of(1));
        assertDifferent(OptionalInt.of(1), Optional.of(1));
        assertDifferent(OptionalInt.empty(), OptionalLong.empty());
        assertDifferent(OptionalInt.empty(), Optional.empty());
        assertDifferent(OptionalLong.of(1), OptionalDouble.of(1));
        assertSame(OptionalDouble.of(0.5), OptionalDouble.of(0.5));
        assertDifferent(OptionalDouble.of(0.0), OptionalDouble.of(-0.0));
    }

    @Test
    void timeValuesByTypeAndIsoForm() {
        List<Object> values = List.of(
                Instant.parse("2024-03-01T10:15:30.123Z"),
                LocalDate.parse("2024-03-01"),
                LocalTime.parse("10:15"),
                LocalDateTime.parse("2024-03-01T10:15"),
                OffsetDateTime.parse("2024-03-01T10:15+01:00"),
                OffsetTime.parse("10:15+01:00"),
                ZonedDateTime.parse("2024-03-01T10:15+01:00[Europe/Paris]"),
                Duration.ofMinutes(90),
                Period.of(1, 2, 3),
                Year.of(2024),
                YearMonth.of(2024, 3),
                MonthDay.of(3, 1),
                ZoneId.of("Europe/Paris"),
                ZoneOffset.ofHours(1));
        List<Object> equalCopies = List.of(
                Instant.ofEpochMilli(Instant.parse("2024-03-01T10:15:30.123Z").toEpochMilli()),
                LocalDate.of(2024, 3, 1),
                LocalTime.of(10, 15, 0),
                LocalDate.of(2024, 3, 1).atTime(10, 15),
                OffsetDateTime.of(2024, 3, 1, 10, 15, 0, 0, ZoneOffset.ofHours(1)),
                OffsetTime.of(10, 15, 0, 0, ZoneOffset.ofHours(1)),
                ZonedDateTime.of(2024, 3, 1, 10, 15, 0, 0, ZoneId.of("Europe/Paris")),
                Duration.ofSeconds(5400),
                Period.parse("P1Y2M3D"),
                Year.parse("2024"),
                YearMonth.parse("2024-03"),
                MonthDay.parse("--03-01"),
                ZoneId.of("Europe/Paris"),
                ZoneOffset.of("+01:00"));
        List<Object> changed = List.of(
                Instant.parse("2024-03-01T10:15:30.124Z"),
                LocalDate.parse("2024-03-02"),
                LocalTime.parse("10:15:01"),
                LocalDateTime.parse("2024-03-01T10:16"),
                OffsetDateTime.parse("2024-03-01T10:15+02:00"),
                OffsetTime.parse("10:15+02:00"),
                ZonedDateTime.parse("2024-03-01T10:15+01:00[Europe/Berlin]"),
                Duration.ofMinutes(91),
                Period.of(1, 2, 4),
                Year.of(2025),
                YearMonth.of(2024, 4),
                MonthDay.of(3, 2),
                ZoneId.of("Europe/Berlin"),
                ZoneOffset.ofHours(2));
        for (int i = 0; i < values.size(); i++) {
            assertSame(values.get(i), equalCopies.get(i));
            assertDifferent(values.get(i), changed.get(i));
            assertDifferent(values.get(i), values.get(i).toString()); // the type counts
            for (int j = i + 1; j < values.size(); j++) {
                assertDifferent(values.get(i), values.get(j));
            }
        }
        // As equals has it: 12 months are not a year to Period, a region is not an offset.
        assertDifferent(Period.ofMonths(12), Period.ofYears(1));
        assertDifferent(ZoneId.of("UTC"), ZoneOffset.UTC);
        assertDifferent(Year.of(2024), 2024);
        assertDifferent(DayOfWeek.MONDAY, "MONDAY");
    }

    /** The format is part of stored keys: tag 't', the public class name, the ISO string. */
    @Test
    void timeEncodingIsPinned() {
        assertEquals(
                reference(out -> {
                    out.writeByte('t');
                    writeString(out, "java.time.LocalDate");
                    writeString(out, "2024-03-01");
                }),
                fp(LocalDate.of(2024, 3, 1)));
        assertEquals(
                reference(out -> {
                    out.writeByte('t');
                    writeString(out, "java.time.ZoneId");
                    writeString(out, "Europe/Paris");
                }),
                fp(ZoneId.of("Europe/Paris")));
    }

    @Test
    void uuidsUrisAndPatterns() {
        UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
        assertSame(uuid, UUID.fromString(uuid.toString()));
        assertDifferent(uuid, UUID.fromString("123e4567-e89b-12d3-a456-426614174001"));
        assertDifferent(uuid, uuid.toString());
        assertDifferent(new UUID(1, 2), new UUID(2, 1));

        assertSame(URI.create("https://example.org/a?b=c"), URI.create("https://example.org/a?b=c"));
        assertDifferent(URI.create("https://example.org/a"), URI.create("https://example.org/b"));
        assertDifferent(URI.create("https://example.org/a"), "https://example.org/a");

        assertSame(Pattern.compile("a+b"), Pattern.compile("a+b"));
        assertDifferent(Pattern.compile("a+b"), Pattern.compile("a+c"));
        assertDifferent(Pattern.compile("a+b"), Pattern.compile("a+b", Pattern.CASE_INSENSITIVE));
        assertDifferent(Pattern.compile("a+b"), "a+b");
    }

    @Test
    void jsonTreesIgnoreFieldOrderButNotContent() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode a = mapper.readTree("{\"x\": 1, \"y\": [true, \"s\", null, 2.5]}");
        JsonNode b = mapper.readTree("{\"y\": [true, \"s\", null, 2.5], \"x\": 1}");
        JsonNode c = mapper.readTree("{\"y\": [true, \"s\", null, 2.5], \"x\": 2}");
        JsonNode d = mapper.readTree("{\"y\": [\"s\", true, null, 2.5], \"x\": 1}");
        assertSame(a, b);
        assertDifferent(a, c);
        assertDifferent(a, d);
        assertDifferent(mapper.readTree("\"1\""), mapper.readTree("1"));
        assertDifferent(mapper.readTree("{\"x\": 1}"), Map.of("x", 1));
        assertSame(mapper.readTree("[]"), mapper.createArrayNode());
        assertDifferent(mapper.readTree("[]"), mapper.readTree("{}"));
    }

    @FunctionalInterface
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    /** The canonical string: its length in UTF-16 code units, then each code unit big-endian. */
    static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeLong(s.length());
        out.writeChars(s);
    }

    /** SHA-256 of bytes written by hand, as the documented encoding has them. */
    static String reference(Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            writer.write(out);
            out.flush();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
