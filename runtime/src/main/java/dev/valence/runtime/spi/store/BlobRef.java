package dev.valence.runtime.spi.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A reference to a file's bytes in a {@link BlobStore}: the SHA-256 of the bytes and their count.
 * Two files with the same content have the same reference.
 *
 * @param sha256 the SHA-256 of the bytes, 64 lowercase hex characters
 * @param size the number of bytes
 */
public record BlobRef(String sha256, long size) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * @param sha256 the SHA-256 of the bytes, 64 lowercase hex characters
     * @param size the number of bytes
     * @throws IllegalArgumentException when the hash is malformed or the size negative
     */
    public BlobRef {
        requireHash(sha256);
        if (size < 0) {
            throw new IllegalArgumentException("a blob's size cannot be negative: " + size);
        }
    }

    /**
     * Checks that a string is a SHA-256 in lowercase hex, as blob stores name their files.
     *
     * @param sha256 the string
     * @return the string
     * @throws IllegalArgumentException when it is not
     */
    public static String requireHash(String sha256) {
        Objects.requireNonNull(sha256, "sha256");
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 in lowercase hex: '" + sha256 + "'");
        }
        return sha256;
    }
}
