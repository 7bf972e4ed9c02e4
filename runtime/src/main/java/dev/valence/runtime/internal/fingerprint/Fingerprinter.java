package dev.valence.runtime.internal.fingerprint;

import com.fasterxml.jackson.databind.JavaType;
import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import dev.valence.runtime.spi.fingerprint.UnsupportedValueException;
import java.util.HexFormat;
import java.util.List;

/**
 * Computes content fingerprints: the SHA-256 of a canonical, self-delimiting encoding of a value.
 * Cache keys are built from them, so equal content gives an equal fingerprint in every JVM, and a
 * different content or type a different one.
 *
 * <p>Two values get the same fingerprint exactly when they have the same type tag and the same
 * content: {@code 1} and {@code 1L} differ, a {@code List} and a {@code Set} of the same elements
 * differ, records are encoded component by component with their class name. Maps and sets with no
 * encounter order ({@code HashMap}, {@code HashSet}, {@code Map.of}, ...: see {@code Containers})
 * are encoded in the order of their keys' or elements' fingerprints, so their iteration order does
 * not matter; every other collection ({@code List}, {@code LinkedHashMap}, {@code LinkedHashSet},
 * {@code Deque}, ...) in its iteration order, and a {@code SortedMap} or {@code SortedSet} with its
 * comparator. Strings are hashed as UTF-16 code units, so every {@code String} has its own form.
 * Primitive arrays are hashed in bulk.
 *
 * <p>Supported: {@code null}, primitives and their boxes, {@link String}, enums, {@link
 * java.math.BigInteger}, {@link java.math.BigDecimal}, {@link java.util.Optional} and its primitive
 * variants, {@code java.time} values, {@link java.util.UUID}, {@link java.net.URI}, {@link
 * java.util.regex.Pattern}, files and directories ({@link java.nio.file.Path}, {@link java.io.File})
 * by content and never by name or date, arrays, lists and other collections, maps, records,
 * Jackson trees, and classes with Jackson-readable properties (by property, sorted by name), all
 * nested freely. Other types are taught through {@link FingerprintAdapter}s. Anything else, and a
 * value that contains itself, fails with an {@link UnsupportedValueException} that names the type.
 *
 * <p>Thread-safe; each call works on its own state.
 */
public final class Fingerprinter {

    private static final HexFormat HEX = HexFormat.of();

    private final AdapterLookup adapters;
    private final BeanProperties beans = new BeanProperties();
    private final DeclaredTypeCheck declaredTypes;

    /** Creates a fingerprinter for the built-in types only. */
    public Fingerprinter() {
        this(List.of());
    }

    /**
     * Creates a fingerprinter that also reads the types of these adapters.
     *
     * @param adapters the adapters; for a value, the one for its exact class wins, otherwise the
     *     first whose type is a supertype of the value's class
     * @throws IllegalArgumentException when two adapters have the same type, or an adapter's type
     *     is one Valence always reads itself (it would never be used)
     */
    public Fingerprinter(List<FingerprintAdapter<?>> adapters) {
        this.adapters = new AdapterLookup(adapters);
        this.declaredTypes = new DeclaredTypeCheck(this.adapters, beans);
    }

    /**
     * Fingerprints one value.
     *
     * @param value the value, possibly null
     * @return 64 lowercase hex characters
     * @throws UnsupportedValueException when the value, or something inside it, has a type this
     *     fingerprinter cannot encode canonically, contains itself, is nested more than 1,000 levels
     *     deep, or is a missing file
     * @throws java.io.UncheckedIOException when a file inside the value cannot be read
     */
    public String fingerprint(Object value) {
        try {
            return HEX.formatHex(new CanonicalEncoder(adapters, beans).digest(value));
        } catch (StackOverflowError e) {
            // The depth limit is checked before the stack runs out, except inside a serialized form,
            // where the JDK's serialization recurses on its own.
            throw UnsupportedValueException.because(value.getClass(), CanonicalEncoder.tooDeep(), e);
        }
    }

    /**
     * Fails when values of a declared type certainly cannot be fingerprinted, so that the mistake
     * is reported before anything runs. Passes {@code Object}, interfaces and abstract classes
     * (their values are checked on arrival); checks the element types of arrays, collections,
     * maps, {@code Optional}s and the components of records.
     *
     * @param type the declared type, with its type arguments
     * @param where what declares it, for the message, e.g. {@code parameter 'x' of electron 'load'}
     * @throws UnsupportedValueException with a message that starts with {@code where}
     */
    public void requireFingerprintable(JavaType type, String where) {
        declaredTypes.require(type, where);
    }

    /**
     * Hashes a sequence of strings, each length-prefixed so that no two sequences collide by
     * concatenation. Used for cache keys.
     *
     * @param parts the parts, in order
     * @return 64 lowercase hex characters
     */
    public static String hashOfParts(List<String> parts) {
        DigestOut digest = Encoding.sha256();
        try {
            for (String part : parts) {
                Encoding.writeString(digest, part);
            }
            return HEX.formatHex(digest.digest());
        } finally {
            digest.close();
        }
    }
}
