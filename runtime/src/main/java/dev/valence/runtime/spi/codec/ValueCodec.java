package dev.valence.runtime.spi.codec;

/**
 * Turns values into bytes for the store and back. A codec is named; the name is stored beside
 * every value so that a later process decodes it with the same codec.
 *
 * <p>Valence picks a codec per value: the codecs registered with {@code
 * Valence.builder().codec(...)} first, in registration order, then the built-in ones ({@code raw},
 * {@code hdf5}, {@code json}, {@code java-serialization}). The first codec that {@linkplain #accepts
 * accepts} the value and encodes it
 * without a {@link CodecException} stores it; a codec that throws passes the value on to the next.
 *
 * <p>Implementations must be thread-safe: values of parallel nodes are encoded concurrently.
 */
public interface ValueCodec {

    /** @return the codec's stable name, stored with each value; never change it once values exist */
    String name();

    /**
     * Whether this codec wants to store a value. Cheap: called for every value that reaches this
     * codec in the order.
     *
     * @param type the declared type of the value
     * @param value the value, possibly {@code null}
     * @return whether to try {@link #encode}
     */
    boolean accepts(ValueType type, Object value);

    /**
     * Encodes a value.
     *
     * @param value the value
     * @param type the value's declared type
     * @return the bytes
     * @throws CodecException when the value cannot be stored by this codec; the message says why
     */
    byte[] encode(Object value, ValueType type);

    /**
     * Decodes a value.
     *
     * @param bytes the bytes produced by {@link #encode}
     * @param type the declared type to decode to
     * @return the value
     * @throws CodecException when the bytes cannot be read as that type
     */
    Object decode(byte[] bytes, ValueType type);
}
