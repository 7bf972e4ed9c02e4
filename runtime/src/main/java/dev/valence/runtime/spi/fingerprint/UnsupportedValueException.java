package dev.valence.runtime.spi.fingerprint;

import java.util.Locale;

/**
 * Thrown when a value cannot be fingerprinted canonically: its type is not supported, it contains
 * itself, it is a file that does not exist, or an adapter gave an unusable canonical form. The
 * message names the type and the way out (usually a {@link FingerprintAdapter}).
 */
public final class UnsupportedValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The kinds of values Valence fingerprints by itself, for messages. */
    public static final String SUPPORTED = "primitives and their boxes, String, enums, BigInteger, BigDecimal,"
            + " Optional, java.time values, UUID, URI, Pattern, files and directories (Path, File) by"
            + " content, arrays, collections, maps, records, classes with Jackson-readable"
            + " properties, and other Serializable classes (by their serialized form)";

    /** The binary name of the type that cannot be fingerprinted. */
    private final String typeName;

    private UnsupportedValueException(String message, String typeName, Throwable cause) {
        super(message, cause);
        this.typeName = typeName;
    }

    /**
     * A value of a type Valence cannot fingerprint, with the fix.
     *
     * @param type the type
     */
    public UnsupportedValueException(Class<?> type) {
        this(prefix(type) + "it is none of " + SUPPORTED + "; " + makeItARecordOr(type), type.getName(), null);
    }

    /**
     * A value of a type Valence cannot fingerprint for a reason.
     *
     * @param type the type
     * @param reason why, and what to do
     * @param cause what failed, or null
     */
    public UnsupportedValueException(Class<?> type, String reason, Throwable cause) {
        this(prefix(type) + reason + "; " + makeItARecordOr(type), type.getName(), cause);
    }

    /**
     * @param type the type
     * @param reason why, and what to do
     * @param cause what failed, or null
     * @return the exception, its message naming the type first
     */
    public static UnsupportedValueException because(Class<?> type, String reason, Throwable cause) {
        return new UnsupportedValueException(prefix(type) + reason, type.getName(), cause);
    }

    /**
     * @param where where the value was met (a parameter, a field)
     * @param e the failure
     * @return the failure with its place prefixed
     */
    public static UnsupportedValueException at(String where, UnsupportedValueException e) {
        return new UnsupportedValueException(where + ": " + e.getMessage(), e.typeName, e.getCause());
    }

    /** @return the binary name of the type that could not be fingerprinted */
    public String typeName() {
        return typeName;
    }

    private static String prefix(Class<?> type) {
        return "Valence cannot fingerprint a value of type " + type.getName() + ": ";
    }

    private static String makeItARecordOr(Class<?> type) {
        return "make it a record or a class with Jackson-readable properties, or " + registerAnAdapter(type);
    }

    /** The extension point, spelled as the user would write it. */
    static String registerAnAdapter(Class<?> type) {
        String source = type.getCanonicalName() != null ? type.getCanonicalName() : type.getName();
        String simple = type.getSimpleName().isEmpty() ? "value" : type.getSimpleName();
        String variable = simple.substring(0, 1).toLowerCase(Locale.ROOT) + simple.substring(1);
        if (!variable.chars().allMatch(Character::isJavaIdentifierPart) || variable.equals(simple)) {
            variable = "value";
        }
        return "register a FingerprintAdapter for it with Valence.builder().fingerprint(" + source + ".class, "
                + variable + " -> ...)";
    }
}
