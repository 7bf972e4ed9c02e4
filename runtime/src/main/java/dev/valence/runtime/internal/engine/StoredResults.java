package dev.valence.runtime.internal.engine;

import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.ResultStore;
import java.util.List;
import java.util.Optional;

/** What the public result types read from the store: node records, and values loaded on demand. */
public final class StoredResults {
    private final ResultStore store;
    private final Values values;

    StoredResults(ResultStore store, Values values) {
        this.store = store;
        this.values = values;
    }

    /**
     * @param dispatchId a dispatch
     * @return its node records in index order
     */
    public List<NodeRecord> nodes(String dispatchId) {
        return store.dispatchLog().nodes(dispatchId);
    }

    /**
     * @param dispatchId a dispatch
     * @return its record, if stored
     */
    public Optional<DispatchRecord> dispatch(String dispatchId) {
        return store.dispatchLog().dispatch(dispatchId);
    }

    /** @return every stored dispatch, oldest first */
    public List<DispatchRecord> dispatches() {
        return store.dispatchLog().dispatches();
    }

    /**
     * Loads a stored value.
     *
     * @param fingerprint the value's fingerprint
     * @param type the canonical type to decode it as
     * @return the value
     * @throws dev.valence.runtime.ValenceException when it is missing or cannot be read
     */
    public Object load(String fingerprint, String type) {
        return values.load(fingerprint, type);
    }
}
