package dev.valence.runtime.internal.fingerprint;

import static dev.valence.runtime.internal.fingerprint.JdkValueFingerprintTest.reference;
import static dev.valence.runtime.internal.fingerprint.JdkValueFingerprintTest.writeString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import dev.valence.runtime.spi.fingerprint.UnsupportedValueException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Beans by their Jackson properties, user types through adapters, and values that contain themselves. */
class BeanAndAdapterFingerprintTest {
    private final Fingerprinter fingerprinter = new Fingerprinter();

    private String fp(Object value) {
        return fingerprinter.fingerprint(value);
    }

    /** Properties declared, and ordered for JSON, in reverse: the key sorts them by name. */
    @JsonPropertyOrder({"zeta", "alpha"})
    public static final class Settings {
        private final int zeta;
        private final String alpha;
        private Map<String, Integer> weights = new HashMap<>();

        // Transient: not content, so not in the key (a non-transient ignored field is refused).
        @JsonIgnore
        public transient String scratch = "not content";

        public Settings(int zeta, String alpha) {
            this.zeta = zeta;
            this.alpha = alpha;
        }

        public int getZeta() {
            return zeta;
        }

        public String getAlpha() {
            return alpha;
        }

        public Map<String, Integer> getWeights() {
            return weights;
        }

        Settings weights(Map<String, Integer> weights) {
            this.weights = weights;
            return this;
        }
    }

    /** Same properties as Settings, another class. */
    public static final class OtherSettings {
        public int zeta;
        public String alpha;
        public Map<String, Integer> weights = new HashMap<>();

        OtherSettings(int zeta, String alpha) {
            this.zeta = zeta;
            this.alpha = alpha;
        }
    }

    /** Only private state: nothing Jackson can read. */
    public static final class Opaque {
        @SuppressWarnings("unused")
        private final int secret;

        Opaque(int secret) {
            this.secret = secret;
        }
    }

    public interface Shape {
        double area();
    }

    public static final class Circle implements Shape {
        private final double radius;

        Circle(double radius) {
            this.radius = radius;
        }

        @Override
        public double area() {
            return Math.PI * radius * radius;
        }

        double radius() {
            return radius;
        }
    }

    public static final class Square implements Shape {
        private final double side;

        Square(double side) {
            this.side = side;
        }

        @Override
        public double area() {
            return side * side;
        }
    }

    record Holder(List<Object> items) {}

    /** A bean whose getter leads back to itself. */
    public static final class Node {
        public Node next;
        public String name = "n";
    }

    @Test
    void beansByTheirPropertiesSortedByName() {
        assertEquals(fp(new Settings(1, "a")), fp(new Settings(1, "a")));
        assertNotEquals(fp(new Settings(1, "a")), fp(new Settings(2, "a")));
        assertNotEquals(fp(new Settings(1, "a")), fp(new Settings(1, "b")));
        assertNotEquals(fp(new Settings(1, "a")), fp(new OtherSettings(1, "a")), "the class counts");
        assertNotEquals(fp(new Settings(1, "a")), fp(Map.of("zeta", 1, "alpha", "a", "weights", Map.of())));
        // Transient fields are not content.
        Settings scratched = new Settings(1, "a");
        scratched.scratch = "changed";
        assertEquals(fp(new Settings(1, "a")), fp(scratched));
    }

    /** Pins the format: 'P', class name, count, then (name, value) sorted by name. */
    @Test
    void beanEncodingIsPinned() {
        String expected = reference(out -> {
            out.writeByte('P');
            writeString(out, Settings.class.getName());
            out.writeLong(3);
            writeString(out, "alpha");
            out.writeByte('s');
            writeString(out, "a");
            writeString(out, "weights");
            out.writeByte('M');
            out.writeLong(0);
            writeString(out, "zeta");
            out.writeByte('I');
            out.writeLong(7);
        });
        assertEquals(expected, fp(new Settings(7, "a")));
    }

    @Test
    void aBeanHoldingAHashMapIgnoresItsOrder() {
        Map<String, Integer> forward = new HashMap<>();
        Map<String, Integer> backward = new HashMap<>(1024);
        for (int i = 0; i < 100; i++) {
            forward.put("w" + i, i);
            backward.put("w" + (99 - i), 99 - i);
        }
        assertEquals(fp(new Settings(1, "a").weights(forward)), fp(new Settings(1, "a").weights(backward)));
        assertEquals(fp(new Settings(1, "a").weights(forward)), fp(new Settings(1, "a").weights(Map.copyOf(forward))));
        backward.put("w3", -3);
        assertNotEquals(fp(new Settings(1, "a").weights(forward)), fp(new Settings(1, "a").weights(backward)));
    }

    @Test
    void aClassWithoutReadablePropertiesIsUnsupportedAndTheMessageSaysWhatToDo() {
        UnsupportedValueException e = assertThrows(UnsupportedValueException.class, () -> fp(new Opaque(1)));
        assertEquals(Opaque.class.getName(), e.typeName());
        assertTrue(e.getMessage().contains(Opaque.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("FingerprintAdapter"), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("Valence.builder().fingerprint(" + Opaque.class.getCanonicalName()
                                + ".class, opaque -> ...)"),
                e.getMessage());

        // JDK classes are never read as beans, even those with getters.
        UnsupportedValueException thread =
                assertThrows(UnsupportedValueException.class, () -> fp(List.of(new Thread(() -> {}))));
        assertEquals("java.lang.Thread", thread.typeName());
        assertTrue(thread.getMessage().contains("FingerprintAdapter"), thread.getMessage());
        assertThrows(UnsupportedValueException.class, () -> fp(new Object()));
        assertThrows(UnsupportedValueException.class, () -> fp(new java.util.concurrent.atomic.AtomicInteger()));
    }

    @Test
    void anAdapterForTheExactClassMakesATypeFingerprintable() {
        Fingerprinter adapted =
                new Fingerprinter(List.of(FingerprintAdapter.of(Opaque.class, o -> List.of("opaque", o.secret))));
        assertEquals(adapted.fingerprint(new Opaque(1)), adapted.fingerprint(new Opaque(1)));
        assertNotEquals(adapted.fingerprint(new Opaque(1)), adapted.fingerprint(new Opaque(2)));
        // The adapter's type is part of the key: the value is not its canonical form.
        assertNotEquals(adapted.fingerprint(new Opaque(1)), adapted.fingerprint(List.of("opaque", 1)));
        assertEquals(
                adapted.fingerprint(Map.of("k", new Opaque(3))),
                adapted.fingerprint(new HashMap<>(Map.of("k", new Opaque(3)))));
    }

    @Test
    void anAdapterForASupertypeReadsSubclassesAndTheExactOneWins() {
        Fingerprinter bySupertype = new Fingerprinter(List.of(FingerprintAdapter.of(Shape.class, Shape::area)));
        assertEquals(bySupertype.fingerprint(new Circle(1)), bySupertype.fingerprint(new Circle(1)));
        assertNotEquals(bySupertype.fingerprint(new Circle(1)), bySupertype.fingerprint(new Circle(2)));
        // Same canonical form and same adapter: same key, whatever the subclass.
        assertEquals(bySupertype.fingerprint(new Square(2)), bySupertype.fingerprint(new Square(2)));

        Fingerprinter both = new Fingerprinter(List.of(
                FingerprintAdapter.of(Shape.class, s -> "some shape"),
                FingerprintAdapter.of(Circle.class, c -> c.radius())));
        assertNotEquals(both.fingerprint(new Circle(1)), both.fingerprint(new Circle(2)), "the Circle adapter ran");
        assertEquals(both.fingerprint(new Square(1)), both.fingerprint(new Square(2)), "the Shape adapter ran");
    }

    @Test
    void adaptersBeatTheBeanRuleButNotTheJdkValueTypes() {
        Fingerprinter adapted = new Fingerprinter(List.of(FingerprintAdapter.of(Settings.class, s -> s.getZeta())));
        // Only zeta counts now, not alpha.
        assertEquals(adapted.fingerprint(new Settings(1, "a")), adapted.fingerprint(new Settings(1, "b")));
        assertNotEquals(fp(new Settings(1, "a")), fp(new Settings(1, "b")));

        IllegalArgumentException string = assertThrows(
                IllegalArgumentException.class,
                () -> new Fingerprinter(List.of(FingerprintAdapter.of(String.class, String::length))));
        assertTrue(string.getMessage().contains("would never be used"), string.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> new Fingerprinter(List.of(
                        FingerprintAdapter.of(Opaque.class, o -> 1), FingerprintAdapter.of(Opaque.class, o -> 2))));
    }

    @Test
    void anAdapterReturningAnUnsupportedValueIsNamedWithBothTypes() {
        Fingerprinter bad =
                new Fingerprinter(List.of(FingerprintAdapter.of(Opaque.class, o -> new StringBuilder("x"))));
        UnsupportedValueException e =
                assertThrows(UnsupportedValueException.class, () -> bad.fingerprint(new Opaque(1)));
        assertTrue(e.getMessage().contains(Opaque.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.StringBuilder"), e.getMessage());
        assertTrue(e.getMessage().contains("FingerprintAdapter"), e.getMessage());

        Fingerprinter loops =
                new Fingerprinter(List.of(FingerprintAdapter.of(Opaque.class, o -> new Opaque(o.secret))));
        UnsupportedValueException again =
                assertThrows(UnsupportedValueException.class, () -> loops.fingerprint(new Opaque(1)));
        assertTrue(again.getMessage().contains("read again"), again.getMessage());
    }

    @Test
    void aValueThatContainsItselfIsAClearError() {
        List<Object> list = new ArrayList<>();
        list.add(1);
        list.add(list);
        UnsupportedValueException e = assertThrows(UnsupportedValueException.class, () -> fp(list));
        assertTrue(e.getMessage().contains("contains itself"), e.getMessage());

        Map<String, Object> map = new HashMap<>();
        map.put("self", map);
        assertThrows(UnsupportedValueException.class, () -> fp(map));

        Holder holder = new Holder(new ArrayList<>());
        holder.items().add(holder);
        assertThrows(UnsupportedValueException.class, () -> fp(List.of(holder)));

        Node node = new Node();
        node.next = node;
        UnsupportedValueException bean = assertThrows(UnsupportedValueException.class, () -> fp(node));
        assertTrue(bean.getMessage().contains("contains itself"), bean.getMessage());

        Object[] array = new Object[1];
        array[0] = array;
        assertThrows(UnsupportedValueException.class, () -> fp(array));

        // Sharing is not a cycle: the same list twice, and a chain of beans, are fine.
        List<Integer> shared = List.of(1, 2);
        assertEquals(fp(List.of(List.of(1, 2), List.of(1, 2))), fp(List.of(shared, shared)));
        Node chain = new Node();
        chain.next = new Node();
        assertNotEquals(fp(chain), fp(new Node()));
    }

    /** A field Jackson is told to ignore, but that is state. */
    public static final class Ignored {
        public String name = "n";

        @JsonIgnore
        public int weight;
    }

    /** A subclass whose parent holds private state with no getter. */
    public static class Parent {
        @SuppressWarnings("unused")
        private int hidden = 1;
    }

    /** Its own state is all visible; its parent's is not. */
    public static final class Child extends Parent {
        public String name = "c";
    }

    /** A renamed getter still holds its field. */
    public static final class Renamed {
        private final int size;

        Renamed(int size) {
            this.size = size;
        }

        @com.fasterxml.jackson.annotation.JsonProperty("n")
        public int getSize() {
            return size;
        }
    }

    @Test
    void aBeanWithStateNoPropertyHoldsIsRefusedNamingTheField() {
        UnsupportedValueException ignored = assertThrows(UnsupportedValueException.class, () -> fp(new Ignored()));
        assertTrue(ignored.getMessage().contains("its field 'weight'"), ignored.getMessage());
        assertTrue(ignored.getMessage().contains("transient"), ignored.getMessage());
        UnsupportedValueException inherited = assertThrows(UnsupportedValueException.class, () -> fp(new Child()));
        assertTrue(
                inherited.getMessage().contains("its field 'hidden' (declared in " + Parent.class.getName() + ")"),
                inherited.getMessage());
        assertNotEquals(fp(new Renamed(1)), fp(new Renamed(2)));
        assertEquals(fp(new Renamed(1)), fp(new Renamed(1)));
    }
}
