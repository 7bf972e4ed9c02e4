package dev.valence.runtime.spi.store;

/**
 * A value as the store keeps it: content-addressed by its fingerprint, with the codec that wrote
 * it and the type to read it back as.
 *
 * @param fingerprint the value's content fingerprint (64 hex characters)
 * @param codec the name of the codec that encoded it
 * @param type the canonical generic type it decodes to
 * @param data the encoded bytes
 */
public record StoredValue(String fingerprint, String codec, String type, byte[] data) {}
