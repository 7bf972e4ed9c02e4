package dev.valence.runtime.spi.store;

/**
 * How a node ended, as a value the store keeps in a column of its own. Reuse decisions read this,
 * never the prose of {@link NodeRecord#reason()}: rewording a reason must not change what is reused.
 */
public enum NodeOutcome {
    /** The node has not ended yet. */
    PENDING,
    /** An input or constant: its value was given when the graph was built. */
    GIVEN,
    /** The electron (or a sublattice's child dispatch) ran and produced the node's value. */
    COMPUTED,
    /** A stored result with the node's cache key was reused; nothing ran. */
    REUSED,
    /** The electron itself threw: a property of the call, which {@code Reuse.withFailures()} may reuse. */
    ELECTRON_FAILED,
    /** The node replayed a failure recorded for its key ({@code Reuse.withFailures()}). */
    FAILURE_REUSED,
    /** Valence failed around the call (a value it could not store or read, a child dispatch): never reused. */
    FAILED,
    /** The node never ran: the dispatch was cancelled, or an argument has no value. */
    CANCELLED;

    /** @return whether a policy that reuses failures may replay this outcome */
    public boolean isReusableFailure() {
        return this == ELECTRON_FAILED || this == FAILURE_REUSED;
    }
}
