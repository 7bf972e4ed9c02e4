package dev.valence.runtime;

/** Where a dispatch stands. */
public enum DispatchStatus {
    /** Nodes are still running or waiting. */
    RUNNING,
    /** Every node completed or was reused; the value is available. */
    COMPLETED,
    /** At least one node failed; its dependants were cancelled, independent branches finished. */
    FAILED,
    /** The dispatch was cancelled before all nodes ran. */
    CANCELLED;

    /** @return whether the dispatch has ended */
    public boolean isFinal() {
        return this != RUNNING;
    }
}
