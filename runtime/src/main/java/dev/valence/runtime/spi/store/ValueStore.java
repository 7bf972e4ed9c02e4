package dev.valence.runtime.spi.store;

import java.util.List;
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

    /**
     * Stores values ahead of the node records that will refer to them: a cluster worker stores the
     * value it computed, and its coordinator records the node with {@link
     * DispatchLog#finishNode} (without the value) afterwards. Durable and visible to every process
     * sharing the store when the method returns. A value already stored is kept as it is (values
     * are content-addressed: the same fingerprint means the same value).
     *
     * @param values the values, their blobs already in {@link ResultStore#blobs()}
     * @throws StoreException when they cannot be written
     */
    void putValues(List<StoredValue> values);
}
