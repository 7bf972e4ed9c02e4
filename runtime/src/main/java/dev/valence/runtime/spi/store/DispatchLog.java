package dev.valence.runtime.spi.store;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The store's record of dispatches and their nodes: what ran, when, and how it ended. A role of
 * {@link ResultStore}. Implementations are thread-safe; every write is atomic.
 */
public interface DispatchLog {

    /**
     * Records a new dispatch with all its nodes (electron calls pending, inputs and constants
     * given) and the values of its inputs and constants.
     *
     * @param dispatch the dispatch
     * @param nodes every node of its graph
     * @param values the values the given nodes refer to
     */
    void createDispatch(DispatchRecord dispatch, List<NodeRecord> nodes, List<StoredValue> values);

    /**
     * Records that a node's electron started: the record has status {@code RUNNING} and its start
     * time. Other processes must see it within about a second; a store that batches writes carries
     * it with its next batch (and flushes it within a second when nothing else comes), and a node
     * that ends meanwhile is written once, ended. A later {@link #finishNode} of the same node wins.
     *
     * @param dispatchId the dispatch
     * @param node the node's running record
     */
    void startNode(String dispatchId, NodeRecord node);

    /**
     * Records a node's end: its row, its value if it has a new one, and, when {@code indexResult},
     * the node's cache key pointing at the value so that later runs can reuse it. The record is
     * visible to this process's reads when the method returns; a store that batches writes may
     * complete the future later, once the record is as durable as its checkpoint mode promises.
     *
     * @param dispatchId the dispatch
     * @param node the node's final record
     * @param value the value computed by the node, or null (failed, cancelled or reused)
     * @param indexResult whether to make the result reusable under the node's cache key
     * @return completes when the record is durable; fails when it could not be written
     */
    CompletableFuture<Void> finishNode(String dispatchId, NodeRecord node, StoredValue value, boolean indexResult);

    /**
     * Makes every record written so far durable; stores that commit each write at once have
     * nothing to do.
     */
    void checkpoint();

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
     * @param id a dispatch id
     * @return the dispatch, if stored
     */
    Optional<DispatchRecord> dispatch(String id);

    /**
     * @param dispatchId a dispatch id
     * @return its nodes in index order; empty if the dispatch is unknown
     */
    List<NodeRecord> nodes(String dispatchId);

    /**
     * A dispatch's input nodes, all that {@code redispatch(id)} needs to rebuild its graph. The
     * default filters {@link #nodes}; a store that can read only those rows overrides it, so a
     * redispatch of a 10,000-node dispatch does not read 10,000 rows to find one input.
     *
     * @param dispatchId a dispatch id
     * @return its {@link NodeKind#INPUT} nodes in index order; empty if the dispatch is unknown
     */
    default List<NodeRecord> inputs(String dispatchId) {
        return nodes(dispatchId).stream()
                .filter(node -> node.kind() == NodeKind.INPUT)
                .toList();
    }

    /**
     * One node of a dispatch, as {@link #nodes} would list it: what a result's {@code value()}
     * needs (the output node), without reading every row. The default filters {@link #nodes}; a
     * store that can read one row overrides it.
     *
     * @param dispatchId a dispatch id
     * @param index the node's index
     * @return the node; empty if the dispatch or the index is unknown
     */
    default Optional<NodeRecord> node(String dispatchId, int index) {
        return nodes(dispatchId).stream().filter(node -> node.index() == index).findFirst();
    }

    /** @return every stored dispatch, oldest first */
    List<DispatchRecord> dispatches();

    /**
     * Asks whichever process runs a dispatch to cancel it; that process finds the request with
     * {@link #cancelRequests}. Written at once, not batched: it comes from another process.
     *
     * @param dispatchId the dispatch
     * @return false if the store has no such dispatch or it had ended
     */
    boolean requestCancel(String dispatchId);

    /**
     * @param dispatchIds dispatches running in the calling process
     * @return those of them another process asked to cancel
     */
    Set<String> cancelRequests(Collection<String> dispatchIds);
}
