package dev.valence.runtime.codec;

/**
 * Turns values into bytes for the store and back. A codec is named; the name is stored beside
 * every value so that a later process decodes it with the same codec.
 */
public interface ValueCodec {

    /** @return the codec's stable name, stored with each value */
    String name();

    /**
     * Encodes a value.
     *
     * @param value the value
     * @param type the value's canonical generic type, as recorded by the processor
     * @return the bytes
     * @throws CodecException when the value cannot be stored by this codec
     */
    byte[] encode(Object value, String type);

    /**
     * Decodes a value.
     *
     * @param bytes the bytes produced by {@link #encode}
     * @param type the canonical generic type to decode to
     * @return the value
     * @throws CodecException when the bytes cannot be read as that type
     */
    Object decode(byte[] bytes, String type);
}
