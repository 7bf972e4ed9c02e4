package dev.valence.runtime.fingerprint;

/**
 * Thrown when a value cannot be fingerprinted canonically. The message names the type and what
 * to use instead.
 */
public final class UnsupportedValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String typeName;

    UnsupportedValueException(Class<?> type) {
        super("Valence cannot fingerprint a value of type " + type.getName()
                + ": supported are primitives and their boxes, String, enums, BigInteger, BigDecimal,"
                + " arrays, lists, sets, maps and records made of these; pass one of these instead"
                + " (a record is the usual choice)");
        this.typeName = type.getName();
    }

    UnsupportedValueException(Class<?> type, String reason, Throwable cause) {
        super("Valence cannot fingerprint a value of type " + type.getName() + ": " + reason, cause);
        this.typeName = type.getName();
    }

    /** @return the binary name of the type that could not be fingerprinted */
    public String typeName() {
        return typeName;
    }
}
