package dev.valence.runtime.spi.store;

import dev.valence.runtime.Pruned;

/**
 * Space management of a store that keeps data on disk: size, deleting dispatches, pruning values
 * and blobs nothing refers to, compaction. An optional role of {@link ResultStore}: a store without
 * it says so with an empty {@link ResultStore#housekeeping()}, and Valence's housekeeping calls then
 * fail with a message naming the store.
 */
public interface Housekeeping {

    /** @return the bytes the store occupies on disk (database, write-ahead log and blobs) */
    long storeSize();

    /**
     * Deletes a dispatch: its nodes, its replacements, the child dispatches of its sublattices, and
     * the entries of the key index that point at it. Values stay until {@link #prune()}.
     *
     * @param dispatchId the dispatch
     * @return whether the store had it
     */
    boolean deleteDispatch(String dispatchId);

    /**
     * Deletes the stored values no node and no key-index entry references, and the blobs no
     * remaining value references. Not safe while another process writes to the store.
     *
     * @return what was deleted
     */
    Pruned prune();

    /** Gives the space of deleted records back to the file system (SQLite's {@code VACUUM}). */
    void vacuum();
}
