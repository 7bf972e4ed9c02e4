package dev.valence.runtime.spi.store;

import java.util.Optional;

/**
 * Content-addressed values: the encoded bytes of every input, constant and result, keyed by the
 * value's fingerprint. A role of {@link ResultStore}. Values are written with the dispatch log's
 * records and never change afterwards, except through {@link #replaceValue}.
 */
public interface ValueStore {

    /**
     * Reads a value, checking its bytes against their checksum where the store keeps one.
     *
     * @param fingerprint a value's fingerprint
     * @return the stored value, if present
     * @throws StoreException when the bytes are damaged or the store cannot be read
     */
    Optional<StoredValue> value(String fingerprint);

    /**
     * Whether a stored value can be trusted without reading it into the caller: present, its bytes
     * matching their checksum, and every blob it refers to present. Stores may remember a positive
     * answer: values never change once stored.
     *
     * @param fingerprint the value's fingerprint
     * @return why the value cannot be used, or empty when it can
     */
    Optional<String> whyUnusable(String fingerprint);

    /**
     * Overwrites a stored value that cannot be used with a freshly computed one of the same
     * fingerprint, in one step. The engine calls it only with a value this process encoded, right
     * before recording the node that computed it.
     *
     * @param value the fresh value
     */
    void replaceValue(StoredValue value);
}
