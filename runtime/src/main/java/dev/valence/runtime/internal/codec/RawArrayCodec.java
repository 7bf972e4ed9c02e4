package dev.valence.runtime.internal.codec;

import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.codec.ValueType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * Stores one-dimensional primitive arrays ({@code double[]}, {@code int[]}, …) as their raw
 * elements, little-endian, with nothing around them: an {@code n}-element {@code double[]} takes
 * {@code 8 n} bytes and reads back without parsing ({@code numpy.frombuffer(data, '<f8')} reads it
 * too). {@code boolean} elements take one byte (0 or 1), {@code char} elements two (UTF-16 code
 * units). The element type comes from the declared type stored beside the value.
 */
public final class RawArrayCodec implements ValueCodec {

    /** The name stored beside raw values. */
    public static final String NAME = "raw";

    private static final Map<Class<?>, Integer> ELEMENT_SIZES = Map.of(
            boolean[].class, 1,
            byte[].class, 1,
            short[].class, 2,
            char[].class, 2,
            int[].class, 4,
            long[].class, 8,
            float[].class, 4,
            double[].class, 8);

    @Override
    public String name() {
        return NAME;
    }

    /** Accepts a primitive array declared as exactly its own type. */
    @Override
    public boolean accepts(ValueType type, Object value) {
        return value != null && value.getClass() == type.rawClass() && ELEMENT_SIZES.containsKey(type.rawClass());
    }

    @Override
    public byte[] encode(Object value, ValueType type) {
        if (!accepts(type, value)) {
            throw new CodecException(
                    "the raw codec stores one-dimensional primitive arrays declared as such, not "
                            + (value == null ? "null" : value.getClass().getTypeName()) + " declared as " + type,
                    null);
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        int length = java.lang.reflect.Array.getLength(value);
        long size = (long) length * ELEMENT_SIZES.get(value.getClass());
        if (size > Integer.MAX_VALUE - 8) {
            throw new CodecException(
                    "a " + type + " of " + length + " elements takes " + size
                            + " bytes, more than one stored value can hold (2 GiB); split it into parts",
                    null);
        }
        ByteBuffer out = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        if (value instanceof double[] doubles) {
            out.asDoubleBuffer().put(doubles);
        } else if (value instanceof long[] longs) {
            out.asLongBuffer().put(longs);
        } else if (value instanceof int[] ints) {
            out.asIntBuffer().put(ints);
        } else if (value instanceof float[] floats) {
            out.asFloatBuffer().put(floats);
        } else if (value instanceof short[] shorts) {
            out.asShortBuffer().put(shorts);
        } else if (value instanceof char[] chars) {
            out.asCharBuffer().put(chars);
        } else {
            for (boolean element : (boolean[]) value) {
                out.put((byte) (element ? 1 : 0));
            }
        }
        return out.array();
    }

    @Override
    public Object decode(byte[] bytes, ValueType type) {
        Class<?> arrayClass = type.rawClass();
        Integer size = ELEMENT_SIZES.get(arrayClass);
        if (size == null) {
            throw new CodecException(
                    "a raw value cannot be read as " + type
                            + ": it holds a one-dimensional primitive array; was the electron's type changed since? Bump"
                            + " its version to recompute it",
                    null);
        }
        if (bytes.length % size != 0) {
            throw new CodecException(
                    "a raw " + type + " value has " + bytes.length + " bytes, not a multiple of " + size
                            + "; redispatch with Reuse.NONE to compute it again",
                    null);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int length = bytes.length / size;
        if (arrayClass == byte[].class) {
            return bytes.clone();
        } else if (arrayClass == double[].class) {
            double[] doubles = new double[length];
            in.asDoubleBuffer().get(doubles);
            return doubles;
        } else if (arrayClass == long[].class) {
            long[] longs = new long[length];
            in.asLongBuffer().get(longs);
            return longs;
        } else if (arrayClass == int[].class) {
            int[] ints = new int[length];
            in.asIntBuffer().get(ints);
            return ints;
        } else if (arrayClass == float[].class) {
            float[] floats = new float[length];
            in.asFloatBuffer().get(floats);
            return floats;
        } else if (arrayClass == short[].class) {
            short[] shorts = new short[length];
            in.asShortBuffer().get(shorts);
            return shorts;
        } else if (arrayClass == char[].class) {
            char[] chars = new char[length];
            in.asCharBuffer().get(chars);
            return chars;
        }
        boolean[] booleans = new boolean[length];
        for (int i = 0; i < length; i++) {
            booleans[i] = bytes[i] != 0;
        }
        return booleans;
    }
}
