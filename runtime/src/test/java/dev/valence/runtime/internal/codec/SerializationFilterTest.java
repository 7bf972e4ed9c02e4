package dev.valence.runtime.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.spi.codec.ValueType;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Ordinary Serializable values with private state (so JSON cannot store them) whose streams hold
 * JDK stand-ins that are not subtypes of the declared fields (entry arrays, {@code java.time.Ser},
 * {@code EnumSet}'s proxy): the declared-types filter admits them.
 */
class SerializationFilterTest {
    private static final String P = SerializationFilterTest.class.getName() + "$";
    private final Codecs codecs = new Codecs(List.of(), getClass().getClassLoader(), () -> null);

    public enum Colour {
        RED,
        GREEN
    }

    // Declared as the interface on purpose: the filter must admit the JDK class the stream names.
    @SuppressWarnings("serial")
    public static final class WithHashMap implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Map<String, Integer> counts;

        public WithHashMap(Map<String, Integer> counts) {
            this.counts = counts;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WithHashMap w && w.counts.equals(counts);
        }

        @Override
        public int hashCode() {
            return counts.hashCode();
        }
    }

    // Declared as the interface on purpose: the filter must admit the JDK class the stream names.
    @SuppressWarnings("serial")
    public static final class WithHashSet implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Set<String> tags;

        public WithHashSet(Set<String> tags) {
            this.tags = tags;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WithHashSet w && w.tags.equals(tags);
        }

        @Override
        public int hashCode() {
            return tags.hashCode();
        }
    }

    public static final class WithDate implements Serializable {
        private static final long serialVersionUID = 1L;
        private final LocalDate when;

        public WithDate(LocalDate when) {
            this.when = when;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WithDate w && w.when.equals(when);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(when);
        }
    }

    public static final class WithEnumSet implements Serializable {
        private static final long serialVersionUID = 1L;
        private final EnumSet<Colour> colours;

        public WithEnumSet(EnumSet<Colour> colours) {
            this.colours = colours;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WithEnumSet w && w.colours.equals(colours);
        }

        @Override
        public int hashCode() {
            return colours.hashCode();
        }
    }

    private Object roundTrip(Object value) {
        ValueType type = codecs.type(P + value.getClass().getSimpleName());
        Codecs.Encoded encoded = codecs.encode(value, type);
        assertEquals("java-serialization", encoded.codec());
        return codecs.decode(encoded.codec(), encoded.bytes(), type);
    }

    /** HashMap.readObject asks the filter about Map.Entry[] (checkArray), which nothing admits. */
    @Test
    void aHashMapFieldIsStored() {
        WithHashMap value = new WithHashMap(new HashMap<>(Map.of("a", 1)));
        assertEquals(value, roundTrip(value));
    }

    /** HashSet.readObject checks Map.Entry[] too. */
    @Test
    void aHashSetFieldIsStored() {
        WithHashSet value = new WithHashSet(new HashSet<>(Set.of("a")));
        assertEquals(value, roundTrip(value));
    }

    /** LocalDate is written as its stand-in java.time.Ser, which is not a LocalDate. */
    @Test
    void aLocalDateFieldIsStored() {
        WithDate value = new WithDate(LocalDate.of(2024, 2, 29));
        assertEquals(value, roundTrip(value));
    }

    /** EnumSet is written as java.util.EnumSet$SerializationProxy, which is not a Set. */
    @Test
    void anEnumSetFieldIsStored() {
        WithEnumSet value = new WithEnumSet(EnumSet.of(Colour.RED));
        assertEquals(value, roundTrip(value));
    }
}
