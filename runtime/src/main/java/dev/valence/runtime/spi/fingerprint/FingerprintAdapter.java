package dev.valence.runtime.spi.fingerprint;

import java.util.Objects;
import java.util.function.Function;

/**
 * Teaches Valence to fingerprint a type it cannot read by itself (the counterpart of Parsl's
 * {@code id_for_memo}): maps each value to a <em>canonical form</em> made of values Valence does
 * support, typically a record, a string or a list. Two values must get equal canonical forms
 * exactly when they count as the same input.
 *
 * <p>An adapter applies to values of its type and of its subtypes; the adapter registered for a
 * value's exact class wins, otherwise the first registered whose type is a supertype. Adapters take
 * precedence over Valence's own handling of arrays, collections, maps, records and bean properties,
 * but not over the JDK value types Valence encodes itself (String, boxes, enums, files, ...). The
 * fingerprint covers the adapter's type name, so changing the type name changes the keys.
 *
 * @param type the type of values this adapter reads
 * @param canonicalForm the function from a value to its canonical form; must be pure
 * @param <T> the type of values this adapter reads
 */
public record FingerprintAdapter<T>(Class<T> type, Function<? super T, ?> canonicalForm) {

    /**
     * @param type the type of values this adapter reads
     * @param canonicalForm the function from a value to its canonical form; must be pure
     */
    public FingerprintAdapter {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(canonicalForm, "canonicalForm");
    }

    /**
     * Creates an adapter.
     *
     * @param type the type of values this adapter reads
     * @param canonicalForm the function from a value to its canonical form; must be pure
     * @param <T> the type of values this adapter reads
     * @return the adapter
     */
    public static <T> FingerprintAdapter<T> of(Class<T> type, Function<? super T, ?> canonicalForm) {
        return new FingerprintAdapter<>(type, canonicalForm);
    }

    /**
     * Applies the adapter to a value already known to be an instance of {@link #type()}.
     *
     * @param value the value
     * @return its canonical stand-in
     */
    public Object canonicalFormOf(Object value) {
        return canonicalForm.apply(type.cast(value));
    }
}
