package dev.valence.runtime.internal.engine;

import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.ResultStore;
import java.util.List;
import java.util.Optional;

/** What the public result types read from the store: node records, and values loaded on demand. */
public final class StoredResults {
    private final ResultStore store;
    private final DeclaredTypes declared;

    StoredResults(ResultStore store, DeclaredTypes declared) {
        this.store = store;
        this.declared = declared;
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
     * @param index a node's index
     * @return that node's record, if stored
     */
    public Optional<NodeRecord> node(String dispatchId, int index) {
        return store.dispatchLog().node(dispatchId, index);
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
     * Loads a stored node's value as the type the code declares for it (see {@link
     * DeclaredTypes}), never as the type the store records, which is only checked against it.
     *
     * @param dispatch the node's dispatch
     * @param node the node, which has a value
     * @return the value
     * @throws dev.valence.runtime.ValenceException when it is missing or cannot be read, when the
     *     store records another type than the code declares, or when the code cannot be found
     */
    public Object load(DispatchRecord dispatch, NodeRecord node) {
        return declared.load(dispatch, node);
    }
}
