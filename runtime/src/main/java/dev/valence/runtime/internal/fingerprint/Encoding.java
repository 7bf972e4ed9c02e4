package dev.valence.runtime.internal.fingerprint;

import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;

/**
 * The low level of the canonical encoding: one-byte type tags, big-endian longs and
 * length-prefixed UTF-16 strings, all fed into a SHA-256 digest through {@link DigestOut}.
 *
 * <p>Every tag is part of the stored cache keys: changing a tag or the layout after it silently
 * invalidates every stored result, so tags are only ever added, never reused or changed.
 */
final class Encoding {
    // Tags of the original encoding (pinned by FingerprinterTest).
    static final byte NULL = 'N';
    static final byte STRING = 's';
    static final byte INT = 'I';
    static final byte LONG = 'J';
    static final byte DOUBLE = 'D';
    static final byte BOOLEAN = 'Z';
    static final byte FLOAT = 'F';
    static final byte SHORT = 'S';
    static final byte BYTE = 'B';
    static final byte CHAR = 'C';
    static final byte ENUM = 'E';
    static final byte BIG_INTEGER = 'i';
    static final byte BIG_DECIMAL = 'd';
    static final byte ARRAY = '[';
    static final byte LIST = 'L';
    /** A set with no encounter order ({@link Containers}): count, then its elements' digests sorted. */
    static final byte SET = 'T';

    static final byte COLLECTION = 'Q';
    /** A map with no encounter order: count, then (key digest, value digest) sorted by key digest. */
    static final byte MAP = 'M';

    static final byte RECORD = 'R';

    // Tags added with user values (files, beans, adapters and JDK value types).
    /** {@code Optional}: then 0 (empty) or 1 and the value. */
    static final byte OPTIONAL = 'O';
    /** {@code OptionalInt/Long/Double}: class name, then 0 (empty) or 1 and the boxed value. */
    static final byte OPTIONAL_PRIMITIVE = 'o';
    /** A {@code java.time} value: its public class name and its ISO {@code toString()}. */
    static final byte TIME = 't';
    /** {@code UUID}: most then least significant 64 bits. */
    static final byte UUID = 'u';
    /** {@code URI}: its exact string form. */
    static final byte URI = 'U';
    /** {@code Pattern}: the regular expression and its flags. */
    static final byte PATTERN = 'x';
    /** A regular file (from a {@code Path} or a {@code File}): length, then the bytes. */
    static final byte FILE = 'f';
    /** A directory: entry count, then each entry's name and content, sorted by name. */
    static final byte DIRECTORY = 'G';
    /** A bean: class name, property count, then each property's name and value, sorted by name. */
    static final byte BEAN = 'P';
    /** A value seen through a {@link FingerprintAdapter}: adapter type name, canonical form. */
    static final byte ADAPTED = 'A';
    /** A Jackson {@code JsonNode}: its tree as maps (sorted), lists and scalars. */
    static final byte JSON_TREE = 'j';
    /** A Serializable value with no readable properties: class name, SHA-256 of its serialized form. */
    static final byte SERIALIZED = 'z';

    // Tags added with ordered collections (key scheme 2, issue 12).
    /** A set with an encounter order ({@code LinkedHashSet}, ...): count, then elements in order. */
    static final byte ORDERED_SET = 'V';
    /** A {@code SortedSet}: its comparator (null for natural order), count, then elements in order. */
    static final byte SORTED_SET = 'Y';
    /** A map with an encounter order ({@code LinkedHashMap}, ...): count, then key and value in order. */
    static final byte ORDERED_MAP = 'm';
    /** A {@code SortedMap}: its comparator (null for natural order), count, then key and value in order. */
    static final byte SORTED_MAP = 'n';

    private Encoding() {}

    /**
     * Writes the string's length in UTF-16 code units, then each code unit as two big-endian
     * bytes. Lossless for every {@code String}: UTF-8 would turn a lone surrogate into {@code '?'}
     * and make {@code "\uD800"} and {@code "?"} one key.
     */
    static void writeString(DigestOut out, String s) {
        out.writeLong(s.length());
        out.writeChars(s);
    }

    static void writeLong(DigestOut out, long v) {
        out.writeLong(v);
    }

    /** A buffered SHA-256 for the canonical encoding, to {@link DigestOut#close()} when done. */
    static DigestOut sha256() {
        return DigestOut.open();
    }
}
