package dev.valence.runtime.internal.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Property test of the canonical encoding, over values drawn from a seeded generator: two values
 * get one fingerprint exactly when a reference equality, written here independently of the
 * encoder, says they are the same value. That equality is the design: same kind of container
 * (list, unordered set, ordered set, sorted set with its comparator, and the same for maps, each
 * array component type), the same order where there is one, elements matched as a multiset where
 * there is none, the same class for every other value, floating-point numbers by their bits with
 * all NaNs one value, strings by their UTF-16 code units.
 *
 * <p>A failure prints the seed and both values, so it can be replayed.
 */
class FingerprintPropertyTest {
    private static final long SEED = 20_261_201L;
    private static final int VALUES = 3_000;

    private final Fingerprinter fingerprinter = new Fingerprinter();

    enum Colour {
        RED,
        GREEN,
        BLUE
    }

    record Pair(Object left, Object right) {}

    record Box(Object content) {}

    private static final Comparator<String> REVERSE = Collections.reverseOrder();

    private static final String[] PIECES = {"a", "b", "?", "\uD800", "\uDC00", "\u00e9", "\uD83D\uDE00", ""};
    private static final double[] DOUBLES = {
        0.0,
        -0.0,
        Double.NaN,
        Double.longBitsToDouble(0x7ff8000000000001L),
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        Double.MAX_VALUE,
        1.0,
        0.1
    };
    private static final float[] FLOATS = {
        0.0f, -0.0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 1.0f, 0.1f
    };
    private static final long[] INTEGERS = {0, 1, -1, 2, Integer.MAX_VALUE, Integer.MIN_VALUE};

    /** Draws values: scalars at the leaves, containers of every kind above them. */
    private static final class Generator {
        private final Random random;

        Generator(long seed) {
            this.random = new Random(seed);
        }

        Object value(int depth) {
            if (depth <= 0 || random.nextInt(3) == 0) {
                return scalar();
            }
            return switch (random.nextInt(17)) {
                case 0 -> fill(new ArrayList<>(), depth);
                case 1 -> fill(new LinkedList<>(), depth);
                case 2 -> fill(new HashSet<>(), depth);
                case 3 -> fill(new LinkedHashSet<>(), depth);
                case 4 -> strings(random.nextBoolean() ? new TreeSet<>() : new TreeSet<>(REVERSE));
                case 5 -> fillMap(new HashMap<>(), depth);
                case 6 -> fillMap(new LinkedHashMap<>(), depth);
                case 7 -> stringMap(random.nextBoolean() ? new TreeMap<>() : new TreeMap<>(REVERSE), depth);
                case 8 -> new Pair(value(depth - 1), value(depth - 1));
                case 9 -> new Box(value(depth - 1));
                case 10 -> objects(depth);
                case 11 -> primitiveArray();
                case 12 -> Set.copyOf(nonNull(fill(new ArrayList<>(), depth)));
                case 13 -> Map.copyOf(nonNullMap(fillMap(new HashMap<>(), depth)));
                case 14 -> fill(new ArrayDeque<>(), depth);
                case 15 -> Optional.ofNullable(value(depth - 1));
                default -> colours();
            };
        }

        private Object scalar() {
            return switch (random.nextInt(14)) {
                case 0 -> null;
                case 1 -> (int) pick(INTEGERS);
                case 2 -> pick(INTEGERS);
                case 3 -> (short) random.nextInt(3);
                case 4 -> (byte) random.nextInt(3);
                case 5 -> {
                    String s = string();
                    yield s.isEmpty() ? 'a' : s.charAt(0);
                }
                case 6 -> random.nextBoolean();
                case 7 -> DOUBLES[random.nextInt(DOUBLES.length)];
                case 8 -> FLOATS[random.nextInt(FLOATS.length)];
                case 9 -> BigInteger.valueOf(random.nextInt(3));
                case 10 -> random.nextBoolean() ? new BigDecimal("1.0") : new BigDecimal("1.00");
                case 11 -> Colour.values()[random.nextInt(3)];
                default -> string();
            };
        }

        private long pick(long[] values) {
            return values[random.nextInt(values.length)];
        }

        String string() {
            StringBuilder s = new StringBuilder();
            int pieces = random.nextInt(3);
            for (int i = 0; i < pieces; i++) {
                s.append(PIECES[random.nextInt(PIECES.length)]);
            }
            return s.toString();
        }

        private <C extends Collection<Object>> C fill(C collection, int depth) {
            int size = random.nextInt(4);
            for (int i = 0; i < size; i++) {
                Object element = value(depth - 1);
                if (element != null || !(collection instanceof ArrayDeque)) {
                    collection.add(element);
                }
            }
            return collection;
        }

        private SortedSet<String> strings(SortedSet<String> set) {
            int size = random.nextInt(4);
            for (int i = 0; i < size; i++) {
                set.add(string());
            }
            return set;
        }

        private Map<Object, Object> fillMap(Map<Object, Object> map, int depth) {
            int size = random.nextInt(4);
            for (int i = 0; i < size; i++) {
                map.put(scalar(), value(depth - 1));
            }
            return map;
        }

        private SortedMap<String, Object> stringMap(SortedMap<String, Object> map, int depth) {
            int size = random.nextInt(4);
            for (int i = 0; i < size; i++) {
                map.put(string(), value(depth - 1));
            }
            return map;
        }

        private Object objects(int depth) {
            Object[] array = random.nextBoolean() ? new Object[random.nextInt(3)] : new String[random.nextInt(3)];
            for (int i = 0; i < array.length; i++) {
                array[i] = array instanceof String[] ? (random.nextBoolean() ? string() : null) : value(depth - 1);
            }
            return array;
        }

        private Object primitiveArray() {
            int length = random.nextInt(3);
            return switch (random.nextInt(7)) {
                case 0 -> random.ints(length, 0, 2).toArray();
                case 1 -> random.longs(length, 0, 2).toArray();
                case 2 -> {
                    double[] doubles = new double[length];
                    for (int i = 0; i < length; i++) {
                        doubles[i] = DOUBLES[random.nextInt(DOUBLES.length)];
                    }
                    yield doubles;
                }
                case 3 -> {
                    float[] floats = new float[length];
                    for (int i = 0; i < length; i++) {
                        floats[i] = FLOATS[random.nextInt(FLOATS.length)];
                    }
                    yield floats;
                }
                case 4 -> {
                    byte[] bytes = new byte[length];
                    for (int i = 0; i < length; i++) {
                        bytes[i] = (byte) random.nextInt(2);
                    }
                    yield bytes;
                }
                case 5 -> string().toCharArray();
                default -> {
                    boolean[] booleans = new boolean[length];
                    for (int i = 0; i < length; i++) {
                        booleans[i] = random.nextBoolean();
                    }
                    yield booleans;
                }
            };
        }

        private Set<Colour> colours() {
            Set<Colour> set = EnumSet.noneOf(Colour.class);
            for (Colour colour : Colour.values()) {
                if (random.nextBoolean()) {
                    set.add(colour);
                }
            }
            return set;
        }

        private static List<Object> nonNull(List<Object> list) {
            list.removeIf(Objects::isNull);
            return new ArrayList<>(new LinkedHashSet<>(list));
        }

        private static Map<Object, Object> nonNullMap(Map<Object, Object> map) {
            map.entrySet().removeIf(e -> e.getKey() == null || e.getValue() == null);
            return map;
        }
    }

    // ---- The reference: what "the same value" means, written without the encoder. ----

    /** The kind of a container, as the design tells them apart; null for other values. */
    private static String kind(Object value) {
        if (value instanceof List<?>) {
            return "list";
        }
        if (value instanceof SortedSet<?> sorted) {
            return "sorted-set " + comparatorName(sorted.comparator());
        }
        if (value instanceof Set<?>) {
            return Containers.isUnordered(value) ? "unordered-set" : "ordered-set";
        }
        if (value instanceof Collection<?>) {
            return "collection";
        }
        if (value instanceof SortedMap<?, ?> sorted) {
            return "sorted-map " + comparatorName(sorted.comparator());
        }
        if (value instanceof Map<?, ?>) {
            return Containers.isUnordered(value) ? "unordered-map" : "ordered-map";
        }
        return null;
    }

    private static String comparatorName(Comparator<?> comparator) {
        return comparator == null ? "natural" : comparator.getClass().getName();
    }

    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        String kind = kind(a);
        if (kind != null) {
            return kind.equals(kind(b)) && sameContainer(kind, a, b);
        }
        if (a instanceof Enum<?> e && b instanceof Enum<?> f) {
            return e == f;
        }
        if (a.getClass() != b.getClass()) {
            return false;
        }
        if (a instanceof Double x) {
            return Double.doubleToLongBits(x) == Double.doubleToLongBits((Double) b);
        }
        if (a instanceof Float x) {
            return Float.floatToIntBits(x) == Float.floatToIntBits((Float) b);
        }
        if (a instanceof Optional<?> x) {
            Optional<?> y = (Optional<?>) b;
            return x.isPresent() == y.isPresent() && (x.isEmpty() || same(x.get(), y.get()));
        }
        if (a instanceof Pair x) {
            Pair y = (Pair) b;
            return same(x.left(), y.left()) && same(x.right(), y.right());
        }
        if (a instanceof Box x) {
            return same(x.content(), ((Box) b).content());
        }
        if (a.getClass().isArray()) {
            int length = Array.getLength(a);
            if (length != Array.getLength(b)) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (!same(Array.get(a, i), Array.get(b, i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b); // String (by code units), BigInteger, BigDecimal (with its scale), boxes
    }

    private static boolean sameContainer(String kind, Object a, Object b) {
        if (a instanceof Map<?, ?> x) {
            Map<?, ?> y = (Map<?, ?>) b;
            List<Object> left = new ArrayList<>();
            x.forEach((k, v) -> left.add(new Pair(k, v)));
            List<Object> right = new ArrayList<>();
            y.forEach((k, v) -> right.add(new Pair(k, v)));
            return kind.equals("unordered-map") ? sameMultiset(left, right) : sameSequence(left, right);
        }
        List<Object> left = new ArrayList<>((Collection<?>) a);
        List<Object> right = new ArrayList<>((Collection<?>) b);
        return kind.equals("unordered-set") ? sameMultiset(left, right) : sameSequence(left, right);
    }

    private static boolean sameSequence(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!same(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameMultiset(List<Object> a, List<Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        List<Object> unmatched = new ArrayList<>(b);
        for (Object element : a) {
            Iterator<Object> it = unmatched.iterator();
            boolean found = false;
            while (it.hasNext()) {
                if (same(element, it.next())) {
                    it.remove();
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    // ---- Copies: the same value, other objects, and unordered containers built in another order. ----

    @SuppressWarnings("unchecked")
    static Object copy(Object value) {
        if (value == null || value instanceof Enum<?> || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof String s) {
            return new String(s.toCharArray());
        }
        if (value instanceof Character c) {
            return Character.valueOf(c.charValue());
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(FingerprintPropertyTest::copy);
        }
        if (value instanceof Pair pair) {
            return new Pair(copy(pair.left()), copy(pair.right()));
        }
        if (value instanceof Box box) {
            return new Box(copy(box.content()));
        }
        if (value.getClass().isArray()) {
            int length = Array.getLength(value);
            Object copy = Array.newInstance(value.getClass().getComponentType(), length);
            for (int i = 0; i < length; i++) {
                Array.set(copy, i, copy(Array.get(value, i)));
            }
            return copy;
        }
        if (value instanceof EnumSet<?> set) {
            return EnumSet.copyOf((EnumSet<Colour>) set);
        }
        if (value instanceof SortedSet<?> set) {
            TreeSet<Object> copy = new TreeSet<>((Comparator<Object>) set.comparator());
            reversed(set).forEach(e -> copy.add(copy(e)));
            return copy;
        }
        if (value instanceof SortedMap<?, ?> map) {
            TreeMap<Object, Object> copy = new TreeMap<>((Comparator<Object>) map.comparator());
            reversed(map.entrySet()).forEach(e -> copy.put(copy(e.getKey()), copy(e.getValue())));
            return copy;
        }
        if (value instanceof Collection<?> collection) {
            Function<List<Object>, Object> rebuild = rebuilderOf(collection);
            List<Object> elements = new ArrayList<>();
            collection.forEach(e -> elements.add(copy(e)));
            if (Containers.isUnordered(collection)) {
                Collections.reverse(elements);
            }
            return rebuild.apply(elements);
        }
        if (value instanceof Map<?, ?> map) {
            boolean unordered = Containers.isUnordered(map);
            List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
            if (unordered) {
                Collections.reverse(entries);
            }
            Map<Object, Object> copy = map instanceof LinkedHashMap<?, ?> ? new LinkedHashMap<>() : new HashMap<>(256);
            entries.forEach(e -> copy.put(copy(e.getKey()), copy(e.getValue())));
            return map.getClass() == HashMap.class || map instanceof LinkedHashMap<?, ?> ? copy : Map.copyOf(copy);
        }
        throw new AssertionError("the generator made a " + value.getClass());
    }

    private static <T> List<T> reversed(Collection<T> elements) {
        List<T> list = new ArrayList<>(elements);
        Collections.reverse(list);
        return list;
    }

    private static Function<List<Object>, Object> rebuilderOf(Collection<?> collection) {
        if (collection instanceof ArrayList<?>) {
            return ArrayList::new;
        }
        if (collection instanceof LinkedList<?>) {
            return LinkedList::new;
        }
        if (collection instanceof ArrayDeque<?>) {
            return ArrayDeque::new;
        }
        if (collection instanceof LinkedHashSet<?>) {
            return LinkedHashSet::new;
        }
        if (collection instanceof HashSet<?>) {
            return elements -> {
                Set<Object> set = new HashSet<>(256);
                set.addAll(elements);
                return set;
            };
        }
        return Set::copyOf;
    }

    private String fp(Object value) {
        return fingerprinter.fingerprint(value);
    }

    private static String show(Object value) {
        if (value != null && value.getClass().isArray()) {
            List<Object> elements = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(show(Array.get(value, i)));
            }
            return value.getClass().getComponentType().getName() + "[]" + elements;
        }
        return value == null ? "null" : value.getClass().getSimpleName() + ":" + value;
    }

    @Test
    void oneFingerprintExactlyForTheSameValue() {
        Generator generator = new Generator(SEED);
        List<Object> values = new ArrayList<>();
        Map<String, List<Object>> byFingerprint = new HashMap<>();
        for (int i = 0; i < VALUES; i++) {
            Object value = generator.value(3);
            values.add(value);
            String fingerprint = fp(value);
            Object copy = copy(value);
            assertTrue(same(value, copy), () -> "the reference: a copy of " + show(value) + " is the same value");
            assertEquals(
                    fingerprint, fp(copy), () -> "seed " + SEED + ": a copy of " + show(value) + " gets another key");
            byFingerprint.computeIfAbsent(fingerprint, k -> new ArrayList<>()).add(value);
        }
        int shared = 0;
        for (List<Object> bucket : byFingerprint.values()) {
            for (Object other : bucket.subList(1, bucket.size())) {
                shared++;
                if (!same(bucket.get(0), other)) {
                    fail("seed " + SEED + ": " + show(bucket.get(0)) + " and " + show(other) + " share a key");
                }
            }
        }
        // Random pairs across buckets: the same value never gets two keys.
        Random pairs = new Random(SEED);
        for (int i = 0; i < 20_000; i++) {
            Object a = values.get(pairs.nextInt(values.size()));
            Object b = values.get(pairs.nextInt(values.size()));
            if (same(a, b)) {
                assertEquals(fp(a), fp(b), () -> "seed " + SEED + ": " + show(a) + " and " + show(b) + " differ");
            }
        }
        assertTrue(shared > 100, "the generator draws equal values often enough to test the other way: " + shared);
        assertTrue(byFingerprint.size() > VALUES / 3, "and distinct ones: " + byFingerprint.size());
    }

    /** The pairs issue 12 names, each two values an electron can tell apart. */
    @Test
    void theEdgeCasesAreDistinct() {
        List<Object[]> pairs = List.of(
                new Object[] {0.0, -0.0},
                new Object[] {0.0f, -0.0f},
                new Object[] {1.0, 1.0f},
                new Object[] {1, 1L},
                new Object[] {(short) 1, (byte) 1},
                new Object[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
                new Object[] {Double.MIN_VALUE, 0.0},
                new Object[] {Double.MIN_VALUE, Float.MIN_VALUE},
                new Object[] {Double.NaN, Float.NaN},
                new Object[] {List.of(), Arrays.asListOfNull()},
                new Object[] {List.of(List.of()), List.of(Map.of())},
                new Object[] {List.of(List.of()), List.of(Set.of())},
                new Object[] {List.of(), new Object[0]},
                new Object[] {new int[0], new long[0]},
                new Object[] {new int[] {1}, new Integer[] {1}},
                new Object[] {new double[] {0.0}, new double[] {-0.0}},
                new Object[] {"\uD800", "?"},
                new Object[] {"\uD800\uDC00", "\uDC00\uD800"},
                new Object[] {new Pair(null, 1), new Pair(1, null)},
                new Object[] {new Box(List.of()), new Box(null)},
                new Object[] {new LinkedHashSet<>(List.of(1, 2)), List.of(1, 2)},
                new Object[] {new LinkedHashSet<>(List.of(1, 2)), new HashSet<>(List.of(1, 2))});
        for (Object[] pair : pairs) {
            assertTrue(!same(pair[0], pair[1]), () -> show(pair[0]) + " vs " + show(pair[1]));
            assertNotEquals(fp(pair[0]), fp(pair[1]), () -> show(pair[0]) + " and " + show(pair[1]) + " share a key");
        }
        // The design's one merge: every NaN is one value (Double.equals agrees), of each type.
        assertEquals(fp(Double.NaN), fp(Double.longBitsToDouble(0x7ff8000000000001L)));
        assertEquals(fp(Float.NaN), fp(Float.intBitsToFloat(0x7fc00001)));
    }

    /** {@code [null]}: a list with one null element, which {@code List.of} refuses. */
    private static final class Arrays {
        static List<Object> asListOfNull() {
            List<Object> list = new ArrayList<>();
            list.add(null);
            return list;
        }
    }
}
