package dev.valence.runtime.spi.store;

import java.util.List;

/**
 * A value as the store keeps it: content-addressed by its fingerprint, with the codec that wrote
 * it, the type to read it back as, and the blobs its bytes refer to.
 *
 * @param fingerprint the value's content fingerprint (64 hex characters)
 * @param codec the name of the codec that encoded it
 * @param type the canonical generic type it decodes to
 * @param data the encoded bytes
 * @param blobs the SHA-256 of every blob in the store's {@link BlobStore} that the bytes refer to,
 *     as the codec reported them: the store checks they are present before the value is reused,
 *     and keeps them while the value is stored
 */
public record StoredValue(String fingerprint, String codec, String type, byte[] data, List<String> blobs) {

    /**
     * Copies the blob list and checks each hash.
     *
     * @param fingerprint the value's content fingerprint (64 hex characters)
     * @param codec the name of the codec that encoded it
     * @param type the canonical generic type it decodes to
     * @param data the encoded bytes
     * @param blobs the SHA-256 of every blob the bytes refer to
     */
    public StoredValue {
        blobs = List.copyOf(blobs);
        blobs.forEach(BlobRef::requireHash);
    }

    /**
     * A value that refers to no blob.
     *
     * @param fingerprint the value's content fingerprint (64 hex characters)
     * @param codec the name of the codec that encoded it
     * @param type the canonical generic type it decodes to
     * @param data the encoded bytes
     */
    public StoredValue(String fingerprint, String codec, String type, byte[] data) {
        this(fingerprint, codec, type, data, List.of());
    }
}
