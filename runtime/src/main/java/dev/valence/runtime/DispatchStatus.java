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
    CANCELLED,
    /**
     * The process running the dispatch ended (killed, crashed, powered off) before the dispatch
     * did; shown once that process has stopped announcing itself to the store for about a second.
     * Every node it recorded as completed is stored: {@code valence.redispatch(id).start()} resumes
     * it, reusing them.
     */
    INTERRUPTED;

    /** @return whether the dispatch has ended */
    public boolean isFinal() {
        return this != RUNNING;
    }
}
