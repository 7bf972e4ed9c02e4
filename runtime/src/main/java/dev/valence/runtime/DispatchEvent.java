package dev.valence.runtime;

import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened to a dispatch or one of its nodes; see {@link DispatchListener} for when
 * and in which order events arrive. Inputs and constants have no events: they are given, not run.
 */
public sealed interface DispatchEvent {

    /** @return the dispatch the event belongs to */
    String dispatchId();

    /** @return when it happened */
    Instant at();

    /** An event of one node (an electron call, a collection or a sublattice). */
    sealed interface NodeEvent extends DispatchEvent {
        /** @return the node's index in its graph */
        int nodeIndex();

        /** @return the node's name, as in {@link NodeResult#name()} */
        String nodeName();
    }

    /**
     * A dispatch was recorded and starts running.
     *
     * @param dispatchId the dispatch
     * @param at when
     * @param latticeName the lattice it runs
     * @param parentId the parent dispatch of a sublattice's child dispatch, or null
     * @param nodes how many nodes run (electron calls, collections and sublattices)
     */
    record DispatchStarted(String dispatchId, Instant at, String latticeName, String parentId, int nodes)
            implements DispatchEvent {}

    /**
     * A dispatch ended and its end was recorded.
     *
     * @param dispatchId the dispatch
     * @param at when
     * @param status how it ended
     * @param error a one-line summary of the failure, or null
     */
    record DispatchEnded(String dispatchId, Instant at, DispatchStatus status, String error) implements DispatchEvent {}

    /**
     * All the node's arguments have values: it is handed to its executor.
     *
     * @param dispatchId the dispatch
     * @param at when
     * @param nodeIndex the node
     * @param nodeName its name
     */
    record NodeReady(String dispatchId, Instant at, int nodeIndex, String nodeName) implements NodeEvent {}

    /**
     * An attempt of the node's electron starts (or a sublattice's child dispatch is launched).
     *
     * @param dispatchId the dispatch
     * @param at when
     * @param nodeIndex the node
     * @param nodeName its name
     * @param attempt 1 for the first attempt, 2 for the first retry, ...
     */
    record NodeStarted(String dispatchId, Instant at, int nodeIndex, String nodeName, int attempt)
            implements NodeEvent {}

    /**
     * An attempt failed and the electron runs again after a delay.
     *
     * @param dispatchId the dispatch
     * @param at when
     * @param nodeIndex the node
     * @param nodeName its name
     * @param attempt the attempt that failed
     * @param error what the attempt threw, in one line
     * @param delay how long until the next attempt
     */
    record NodeRetrying(
            String dispatchId, Instant at, int nodeIndex, String nodeName, int attempt, String error, Duration delay)
            implements NodeEvent {}

    /**
     * The node took a stored result instead of running.
     *
     * @param dispatchId the dispatch
     * @param at when
     * @param nodeIndex the node
     * @param nodeName its name
     * @param fromDispatch the dispatch that computed the result
     * @param fromNode the index of the node that computed it there
     */
    record NodeReused(String dispatchId, Instant at, int nodeIndex, String nodeName, String fromDispatch, int fromNode)
            implements NodeEvent {}

    /**
     * The node ran and its value is stored.
     *
     * @param dispatchId the dispatch
     * @param at when
     * @param nodeIndex the node
     * @param nodeName its name
     * @param attempts how many attempts it took
     */
    record NodeCompleted(String dispatchId, Instant at, int nodeIndex, String nodeName, int attempts)
            implements NodeEvent {}

    /**
     * The node failed; its dependants are cancelled.
     *
     * @param dispatchId the dispatch
     * @param at when
     * @param nodeIndex the node
     * @param nodeName its name
     * @param error the failure in one line (the stack trace is stored with the node)
     */
    record NodeFailed(String dispatchId, Instant at, int nodeIndex, String nodeName, String error)
            implements NodeEvent {}

    /**
     * The node will not run, or was stopped while running.
     *
     * @param dispatchId the dispatch
     * @param at when
     * @param nodeIndex the node
     * @param nodeName its name
     * @param reason why: the dispatch was cancelled, or an argument has no value
     */
    record NodeCancelled(String dispatchId, Instant at, int nodeIndex, String nodeName, String reason)
            implements NodeEvent {}
}
