package dev.valence.runtime;

/** Where one node of a dispatch stands. */
public enum NodeStatus {
    /** Waiting for its arguments. */
    PENDING,
    /** Its electron is running. */
    RUNNING,
    /** It ran in this dispatch and its value is stored (inputs and constants are completed at once). */
    COMPLETED,
    /** Its value was taken from an earlier run with the same code and arguments; it did not run. */
    REUSED,
    /** Its electron threw, timed out, or its value could not be stored; the error is recorded. */
    FAILED,
    /** It never ran: an upstream node failed, or the dispatch was cancelled. */
    CANCELLED;

    /** @return whether the node has a value */
    public boolean hasValue() {
        return this == COMPLETED || this == REUSED;
    }

    /** @return whether the node has ended */
    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}
