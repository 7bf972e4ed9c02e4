package dev.valence.runtime.internal.fingerprint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The bulk path for primitive arrays: elements are copied big-endian into one reused 64 KiB
 * buffer with a single bulk {@code put} per chunk, and each chunk goes to the digest in one
 * {@code update}. Element-by-element {@code update(byte)} calls would be two orders of magnitude
 * slower; a chunk that fits the CPU's L2 cache keeps the copy nearly free beside SHA-256.
 *
 * <p>The encoded bytes are exactly the big-endian elements, so the chunk size is not part of the
 * format. Not thread-safe: one instance per encoding call.
 */
final class PrimitiveArrays {
    static final int CHUNK_BYTES = 64 * 1024;

    private ByteBuffer buffer;

    /** Writes the array's length and its elements; the caller wrote the tag and component name. */
    void write(DigestOut out, Object array) {
        if (array instanceof byte[] bytes) {
            Encoding.writeLong(out, bytes.length);
            out.update(bytes);
        } else if (array instanceof double[] doubles) {
            Encoding.writeLong(out, doubles.length);
            bulk(
                    out,
                    doubles.length,
                    Double.BYTES,
                    (b, from, n) -> b.asDoubleBuffer().put(doubles, from, n));
        } else if (array instanceof long[] longs) {
            Encoding.writeLong(out, longs.length);
            bulk(out, longs.length, Long.BYTES, (b, from, n) -> b.asLongBuffer().put(longs, from, n));
        } else if (array instanceof int[] ints) {
            Encoding.writeLong(out, ints.length);
            bulk(
                    out,
                    ints.length,
                    Integer.BYTES,
                    (b, from, n) -> b.asIntBuffer().put(ints, from, n));
        } else if (array instanceof float[] floats) {
            Encoding.writeLong(out, floats.length);
            bulk(
                    out,
                    floats.length,
                    Float.BYTES,
                    (b, from, n) -> b.asFloatBuffer().put(floats, from, n));
        } else if (array instanceof short[] shorts) {
            Encoding.writeLong(out, shorts.length);
            bulk(
                    out,
                    shorts.length,
                    Short.BYTES,
                    (b, from, n) -> b.asShortBuffer().put(shorts, from, n));
        } else if (array instanceof char[] chars) {
            Encoding.writeLong(out, chars.length);
            bulk(
                    out,
                    chars.length,
                    Character.BYTES,
                    (b, from, n) -> b.asCharBuffer().put(chars, from, n));
        } else if (array instanceof boolean[] booleans) {
            Encoding.writeLong(out, booleans.length);
            bulk(out, booleans.length, 1, (b, from, n) -> {
                byte[] chunk = b.array();
                for (int i = 0; i < n; i++) {
                    chunk[i] = (byte) (booleans[from + i] ? 1 : 0);
                }
            });
        } else {
            throw new IllegalArgumentException(
                    "not a primitive array: " + array.getClass().getName());
        }
    }

    /** Copies {@code count} elements starting at {@code from} into the (cleared) buffer. */
    @FunctionalInterface
    private interface BulkCopy {
        void copy(ByteBuffer buffer, int from, int count);
    }

    private void bulk(DigestOut out, int length, int width, BulkCopy copy) {
        if (buffer == null) {
            buffer = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.BIG_ENDIAN);
        }
        int perChunk = CHUNK_BYTES / width;
        for (int from = 0; from < length; from += perChunk) {
            int count = Math.min(perChunk, length - from);
            buffer.clear();
            copy.copy(buffer, from, count);
            out.update(buffer.array(), 0, count * width);
        }
    }
}
