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

    /**
     * Each thread's digest, taken by one {@link #open} at a time. A fresh digest costs a clone of
     * the SHA-256 state and a buffer, some 1.5 KB, which outweighed hashing a small value: a
     * 10,000-node in-memory fan-out spent a fifth of its samples making them.
     */
    private static final ThreadLocal<DigestOut> OF_THREAD = new ThreadLocal<>();

    private final MessageDigest digest = newSha256();
    private final byte[] buffer = new byte[BUFFER];
    private int count;
    /** Whether an {@link #open} holds this thread's digest; a nested one gets a fresh digest. */
    private boolean taken;

    private DigestOut() {}

    /**
     * @return an empty digest for this thread, until {@link #close()}: the thread's own when free,
     *     otherwise (a fingerprint taken while another is being written) a fresh one
     */
    static DigestOut open() {
        DigestOut own = OF_THREAD.get();
        if (own == null) {
            own = new DigestOut();
            OF_THREAD.set(own);
        } else if (own.taken) {
            return new DigestOut();
        }
        own.taken = true;
        return own;
    }

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
        int length = s.length();
        int i = 0;
        while (i < length) {
            if (BUFFER - count < 2) {
                flush();
            }
            // As many characters as the buffer holds, without a bounds check per character.
            int end = Math.min(length, i + (BUFFER - count) / 2);
            int at = count;
            for (; i < end; i++) {
                char c = s.charAt(i);
                buffer[at] = (byte) (c >>> 8);
                buffer[at + 1] = (byte) c;
                at += 2;
            }
            count = at;
        }
    }

    /**
     * @return the SHA-256 of everything written; the digest is then empty again
     */
    byte[] digest() {
        flush();
        return digest.digest();
    }

    /**
     * Empties the digest and gives it back to its thread. Called once per {@link #open}, also when
     * the encoding failed half way; nothing may use this digest afterwards.
     */
    void close() {
        count = 0;
        digest.reset();
        taken = false;
    }

    private void flush() {
        if (count > 0) {
            digest.update(buffer, 0, count);
            count = 0;
        }
    }
}
