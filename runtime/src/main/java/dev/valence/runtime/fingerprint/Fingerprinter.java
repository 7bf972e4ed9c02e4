package dev.valence.runtime.fingerprint;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Computes content fingerprints: the SHA-256 of a canonical, self-delimiting encoding of a value.
 *
 * <p>Two values get the same fingerprint exactly when they have the same type tag and the same
 * content: {@code 1} and {@code 1L} differ, a {@code List} and a {@code Set} of the same elements
 * differ, maps are encoded in the order of their keys' fingerprints (so {@code HashMap} iteration
 * order does not matter), sets in the order of their elements' fingerprints, records component by
 * component with their class name. Primitive arrays are hashed in bulk.
 *
 * <p>Supported: {@code null}, primitives and their boxes, {@link String}, enums, {@link BigInteger},
 * {@link BigDecimal}, arrays, lists and other collections, maps and records built from these. Any
 * other type fails with an {@link UnsupportedValueException} that names it. Thread-safe.
 */
public final class Fingerprinter {

    private static final HexFormat HEX = HexFormat.of();
    private static final int BULK_CHUNK = 8192;

    /** Creates a fingerprinter. */
    public Fingerprinter() {}

    /**
     * Fingerprints one value.
     *
     * @param value the value, possibly null
     * @return 64 lowercase hex characters
     * @throws UnsupportedValueException when the value, or something inside it, has a type this
     *     fingerprinter cannot encode canonically
     */
    public String fingerprint(Object value) {
        return HEX.formatHex(digest(value));
    }

    /**
     * Hashes a sequence of strings, each length-prefixed so that no two sequences collide by
     * concatenation. Used for cache keys.
     *
     * @param parts the parts, in order
     * @return 64 lowercase hex characters
     */
    public static String hashOfParts(List<String> parts) {
        MessageDigest digest = sha256();
        for (String part : parts) {
            writeString(digest, part);
        }
        return HEX.formatHex(digest.digest());
    }

    private byte[] digest(Object value) {
        MessageDigest digest = sha256();
        encode(digest, value);
        return digest.digest();
    }

    private void encode(MessageDigest out, Object value) {
        if (value == null) {
            out.update((byte) 'N');
        } else if (value instanceof String s) {
            out.update((byte) 's');
            writeString(out, s);
        } else if (value instanceof Integer i) {
            out.update((byte) 'I');
            writeLong(out, i);
        } else if (value instanceof Long l) {
            out.update((byte) 'J');
            writeLong(out, l);
        } else if (value instanceof Double d) {
            out.update((byte) 'D');
            writeLong(out, Double.doubleToLongBits(d));
        } else if (value instanceof Boolean b) {
            out.update((byte) 'Z');
            out.update((byte) (b ? 1 : 0));
        } else if (value instanceof Float f) {
            out.update((byte) 'F');
            writeLong(out, Float.floatToIntBits(f));
        } else if (value instanceof Short s) {
            out.update((byte) 'S');
            writeLong(out, s);
        } else if (value instanceof Byte b) {
            out.update((byte) 'B');
            writeLong(out, b);
        } else if (value instanceof Character c) {
            out.update((byte) 'C');
            writeLong(out, c);
        } else if (value instanceof Enum<?> e) {
            out.update((byte) 'E');
            writeString(out, e.getDeclaringClass().getName());
            writeString(out, e.name());
        } else if (value instanceof BigInteger bi) {
            out.update((byte) 'i');
            writeString(out, bi.toString());
        } else if (value instanceof BigDecimal bd) {
            // Scale counts: 1.0 and 1.00 are different values to BigDecimal.equals, and so here.
            out.update((byte) 'd');
            writeString(out, bd.toString());
        } else if (value.getClass().isArray()) {
            encodeArray(out, value);
        } else if (value instanceof List<?> list) {
            out.update((byte) 'L');
            writeLong(out, list.size());
            for (Object element : list) {
                encode(out, element);
            }
        } else if (value instanceof Set<?> set) {
            out.update((byte) 'T');
            encodeUnordered(out, set);
        } else if (value instanceof Collection<?> collection) {
            out.update((byte) 'Q');
            writeLong(out, collection.size());
            for (Object element : collection) {
                encode(out, element);
            }
        } else if (value instanceof Map<?, ?> map) {
            encodeMap(out, map);
        } else if (value instanceof Record record) {
            encodeRecord(out, record);
        } else {
            throw new UnsupportedValueException(value.getClass());
        }
    }

    private void encodeUnordered(MessageDigest out, Collection<?> elements) {
        List<byte[]> digests = new ArrayList<>(elements.size());
        for (Object element : elements) {
            digests.add(digest(element));
        }
        digests.sort(Arrays::compareUnsigned);
        writeLong(out, digests.size());
        digests.forEach(out::update);
    }

    private void encodeMap(MessageDigest out, Map<?, ?> map) {
        List<byte[][]> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            entries.add(new byte[][] {digest(entry.getKey()), digest(entry.getValue())});
        }
        entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        out.update((byte) 'M');
        writeLong(out, entries.size());
        for (byte[][] entry : entries) {
            out.update(entry[0]);
            out.update(entry[1]);
        }
    }

    private void encodeRecord(MessageDigest out, Record record) {
        out.update((byte) 'R');
        writeString(out, record.getClass().getName());
        RecordComponent[] components = record.getClass().getRecordComponents();
        writeLong(out, components.length);
        for (RecordComponent component : components) {
            writeString(out, component.getName());
            encode(out, readComponent(record, component));
        }
    }

    private static Object readComponent(Record record, RecordComponent component) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new UnsupportedValueException(
                    record.getClass(),
                    "its component '" + component.getName() + "' could not be read (" + e + "); make the record public",
                    e);
        }
    }

    private void encodeArray(MessageDigest out, Object array) {
        Class<?> component = array.getClass().getComponentType();
        out.update((byte) '[');
        writeString(out, component.getName());
        if (array instanceof byte[] bytes) {
            writeLong(out, bytes.length);
            out.update(bytes);
        } else if (array instanceof double[] doubles) {
            writeLong(out, doubles.length);
            bulk(
                    out,
                    doubles.length,
                    Double.BYTES,
                    (buffer, from, to) -> buffer.asDoubleBuffer().put(doubles, from, to - from));
        } else if (array instanceof long[] longs) {
            writeLong(out, longs.length);
            bulk(
                    out,
                    longs.length,
                    Long.BYTES,
                    (buffer, from, to) -> buffer.asLongBuffer().put(longs, from, to - from));
        } else if (array instanceof int[] ints) {
            writeLong(out, ints.length);
            bulk(
                    out,
                    ints.length,
                    Integer.BYTES,
                    (buffer, from, to) -> buffer.asIntBuffer().put(ints, from, to - from));
        } else if (array instanceof float[] floats) {
            writeLong(out, floats.length);
            bulk(
                    out,
                    floats.length,
                    Float.BYTES,
                    (buffer, from, to) -> buffer.asFloatBuffer().put(floats, from, to - from));
        } else if (array instanceof short[] shorts) {
            writeLong(out, shorts.length);
            bulk(
                    out,
                    shorts.length,
                    Short.BYTES,
                    (buffer, from, to) -> buffer.asShortBuffer().put(shorts, from, to - from));
        } else if (array instanceof char[] chars) {
            writeLong(out, chars.length);
            bulk(
                    out,
                    chars.length,
                    Character.BYTES,
                    (buffer, from, to) -> buffer.asCharBuffer().put(chars, from, to - from));
        } else if (array instanceof boolean[] booleans) {
            writeLong(out, booleans.length);
            for (boolean b : booleans) {
                out.update((byte) (b ? 1 : 0));
            }
        } else {
            Object[] objects = (Object[]) array;
            writeLong(out, objects.length);
            for (Object element : objects) {
                encode(out, element);
            }
        }
    }

    /** Copies a range of a primitive array into a byte buffer in one bulk put. */
    @FunctionalInterface
    private interface BulkCopy {
        void copy(ByteBuffer buffer, int from, int to);
    }

    private static void bulk(MessageDigest out, int length, int width, BulkCopy copy) {
        ByteBuffer buffer = ByteBuffer.allocate(BULK_CHUNK * width).order(ByteOrder.BIG_ENDIAN);
        for (int from = 0; from < length; from += BULK_CHUNK) {
            int to = Math.min(length, from + BULK_CHUNK);
            buffer.clear();
            copy.copy(buffer, from, to);
            out.update(buffer.array(), 0, (to - from) * width);
        }
    }

    private static void writeString(MessageDigest out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeLong(out, bytes.length);
        out.update(bytes);
    }

    private static void writeLong(MessageDigest out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.update((byte) (v >>> shift));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
