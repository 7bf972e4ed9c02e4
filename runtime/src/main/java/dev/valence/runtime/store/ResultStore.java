package dev.valence.runtime.store;

import dev.valence.runtime.DispatchStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where dispatches, node results and values live: the runtime's only persistence. Implementations
 * must be thread-safe; every method is atomic (a failure leaves the store as it was).
 *
 * <p>The default is {@link dev.valence.runtime.store.sqlite.SqliteStore}, one folder with a SQLite
 * database.
 */
public interface ResultStore extends AutoCloseable {

    /**
     * Records a new dispatch with all its nodes (electron calls pending, inputs and constants
     * completed) and the values of its inputs and constants.
     *
     * @param dispatch the dispatch
     * @param nodes every node of its graph
     * @param values the values the completed nodes refer to
     */
    void createDispatch(DispatchRecord dispatch, List<NodeRecord> nodes, List<StoredValue> values);

    /**
     * Records a node's end: its row, its value if it has a new one, and, when {@code indexResult},
     * the node's cache key pointing at the value so that later runs can reuse it.
     *
     * @param dispatchId the dispatch
     * @param node the node's final record
     * @param value the value computed by the node, or null (failed, cancelled or reused)
     * @param indexResult whether to make the result reusable under the node's cache key
     */
    void finishNode(String dispatchId, NodeRecord node, StoredValue value, boolean indexResult);

    /**
     * Records a node's end like {@link #finishNode}, returning before the record is durable when
     * the store batches writes. The record is visible to this process's reads at once; the future
     * completes when the record is as durable as the store's checkpoint mode promises for a node
     * that just ended. The default writes synchronously.
     *
     * @param dispatchId the dispatch
     * @param node the node's final record
     * @param value the value computed by the node, or null
     * @param indexResult whether to make the result reusable under the node's cache key
     * @return completes when the record is durable; fails when it could not be written
     */
    default CompletableFuture<Void> finishNodeAsync(
            String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
        try {
            finishNode(dispatchId, node, value, indexResult);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Makes every record written so far durable (for checkpoint modes that defer commits). The
     * default has nothing to do.
     */
    default void checkpoint() {}

    /**
     * Records a dispatch's end.
     *
     * @param dispatchId the dispatch
     * @param status its final status
     * @param endedAt when it ended
     * @param error a one-line summary of the failure, or null
     */
    void finishDispatch(String dispatchId, DispatchStatus status, Instant endedAt, String error);

    /**
     * Finds a reusable result for a cache key.
     *
     * @param cacheKey the key
     * @param fromDispatch null to search the whole store, or the id of the only dispatch whose
     *     results may be reused
     * @return the result, if one exists and its value is still stored
     */
    Optional<CachedResult> lookup(String cacheKey, String fromDispatch);

    /**
     * Finds a failure recorded for a cache key, for policies that reuse failures. Consulted only
     * after {@link #lookup} missed: a key that failed once and succeeded later reuses the success.
     * The default finds none, so such stores simply run the node.
     *
     * @param cacheKey the key
     * @param fromDispatch null to search the whole store, or the id of the only dispatch to search
     * @return the most recent failure with this key, if any
     */
    default Optional<RecordedFailure> lookupFailure(String cacheKey, String fromDispatch) {
        return Optional.empty();
    }

    /**
     * @param fingerprint a value's fingerprint
     * @return the stored value, if present
     */
    Optional<StoredValue> value(String fingerprint);

    /**
     * @param id a dispatch id
     * @return the dispatch, if stored
     */
    Optional<DispatchRecord> dispatch(String id);

    /**
     * @param dispatchId a dispatch id
     * @return its nodes in index order; empty if the dispatch is unknown
     */
    List<NodeRecord> nodes(String dispatchId);

    /** @return every stored dispatch, oldest first */
    List<DispatchRecord> dispatches();

    /**
     * Announces that a {@code Valence} instance uses this store until {@code expiresAt}; renewed on
     * a short beat. Stores that only one process uses need not record it.
     *
     * @param owner the instance's id
     * @param expiresAt when the announcement lapses unless renewed
     */
    default void announce(String owner, Instant expiresAt) {}

    /**
     * Whether another instance announced itself and has not lapsed. While none has, an instance
     * computes without taking leases.
     *
     * @param owner the asking instance's id
     * @param now the current time
     * @return whether another instance is alive; the default says no
     */
    default boolean othersAlive(String owner, Instant now) {
        return false;
    }

    /**
     * Takes the lease on computing a cache key, so that processes sharing the store run an
     * identical node once. Succeeds when nobody holds the lease, when {@code owner} already holds
     * it (renewing it), or when the holder's lease expired (the holder died: take over).
     *
     * <p>The default suits stores that only one process uses: every lease is granted.
     *
     * @param cacheKey the key about to be computed
     * @param owner the id of the calling {@code Valence} instance
     * @param now the current time
     * @param expiresAt when the lease lapses unless renewed
     * @return whether {@code owner} holds the lease now
     */
    default boolean tryLease(String cacheKey, String owner, Instant now, Instant expiresAt) {
        return true;
    }

    /**
     * Extends every lease an owner holds; the owner calls it periodically while it computes.
     *
     * @param owner the id of the holding {@code Valence} instance
     * @param expiresAt the new expiry
     */
    default void renewLeases(String owner, Instant expiresAt) {}

    /**
     * Gives a lease up, after the result is stored or the computation failed.
     *
     * @param cacheKey the key
     * @param owner the holder
     */
    default void releaseLease(String cacheKey, String owner) {}

    /**
     * The store's content-addressed file area, where large bytes live (a command's stdout, stderr
     * and output files; see {@link dev.valence.runtime.command.CommandResult}).
     *
     * <p>The default has none: storing a {@code CommandResult} in such a store fails its node with a
     * message naming the store.
     *
     * @return the blob store
     * @throws UnsupportedOperationException when this store keeps no files
     */
    default BlobStore blobs() {
        throw new UnsupportedOperationException("the store " + getClass().getName()
                + " keeps no files (it has no BlobStore); use the embedded SQLite store (Valence.open(folder))");
    }

    /**
     * @return the bytes the store occupies on disk (database, write-ahead log and blobs); the
     *     default, for stores that keep nothing on disk, is 0
     */
    default long storeSize() {
        return 0;
    }

    /**
     * Deletes a dispatch: its nodes, its replacements, the child dispatches of its sublattices, and
     * the entries of the key index that point at it. Values stay until {@link #prune()}.
     *
     * @param dispatchId the dispatch
     * @return whether the store had it
     * @throws UnsupportedOperationException when this store cannot delete (the default)
     */
    default boolean deleteDispatch(String dispatchId) {
        throw new UnsupportedOperationException("the store " + getClass().getName() + " cannot delete dispatches");
    }

    /**
     * Deletes the stored values no node and no key-index entry references, and the blobs no
     * remaining value references. Not safe while another process writes to the store. The default
     * deletes nothing.
     *
     * @return what was deleted
     */
    default Pruned prune() {
        return Pruned.NOTHING;
    }

    /**
     * Gives the space of deleted records back to the file system (SQLite's {@code VACUUM}). The
     * default has nothing to do.
     */
    default void vacuum() {}

    /**
     * Overwrites a stored value that cannot be used with a freshly computed one of the same
     * fingerprint, in one step (values are otherwise never overwritten). Valence calls it only with
     * a value this process encoded, right before recording the node that computed it. The default
     * does nothing: the old bytes stay.
     *
     * @param value the fresh value
     */
    default void replaceValue(StoredValue value) {}

    /** Releases the store's resources. Further calls fail. */
    @Override
    void close();
}
