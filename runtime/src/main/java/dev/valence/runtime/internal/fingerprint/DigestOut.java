package dev.valence.runtime.internal.fingerprint;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A SHA-256 digest fed through a small buffer: the canonical encoding writes one-byte tags,
 * eight-byte longs and two bytes per string character, and a {@link MessageDigest#update(byte)}
 * per byte cost more than the hash itself (a cache key of five 64-character parts is some 700
 * calls). The bytes hashed are exactly those written, in order, so every stored key is unchanged.
 */
final class DigestOut {
    /** Cloned for each digest: {@link MessageDigest#getInstance} looks the provider up each time. */
    private static final MessageDigest PROTOTYPE = lookUpSha256();

    /** Large enough for a cache key's parts; longer input goes through in slices of this size. */
    private static final int BUFFER = 1024;

    private final MessageDigest digest = newSha256();
    private final byte[] buffer = new byte[BUFFER];
    private int count;

    /** A fresh SHA-256 {@link MessageDigest}, for code that hands it to a stream. */
    static MessageDigest newSha256() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return lookUpSha256();
        }
    }

    private static MessageDigest lookUpSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    void update(byte b) {
        if (count == BUFFER) {
            flush();
        }
        buffer[count++] = b;
    }

    void update(byte[] bytes) {
        update(bytes, 0, bytes.length);
    }

    void update(byte[] bytes, int offset, int length) {
        if (length > BUFFER - count) {
            flush();
            if (length >= BUFFER) {
                digest.update(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    /** Eight big-endian bytes. */
    void writeLong(long v) {
        if (BUFFER - count < Long.BYTES) {
            flush();
        }
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[count++] = (byte) (v >>> shift);
        }
    }

    /** Two big-endian bytes per UTF-16 code unit of the string. */
    void writeChars(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (BUFFER - count < 2) {
                flush();
            }
            char c = s.charAt(i);
            buffer[count++] = (byte) (c >>> 8);
            buffer[count++] = (byte) c;
        }
    }

    /**
     * @return the SHA-256 of everything written; this digest is then spent
     */
    byte[] digest() {
        flush();
        return digest.digest();
    }

    private void flush() {
        if (count > 0) {
            digest.update(buffer, 0, count);
            count = 0;
        }
    }
}
