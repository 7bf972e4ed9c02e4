package dev.valence.runtime;

/**
 * Thrown by {@link DispatchResult#value()} when the dispatch did not complete. The message names
 * the failed node and its error; {@link DispatchResult#nodes()} holds every node's stack trace.
 */
public final class DispatchFailedException extends ValenceException {
    private static final long serialVersionUID = 1L;

    /** The dispatch that did not complete. */
    private final String dispatchId;
    /** How it ended. */
    private final DispatchStatus status;

    DispatchFailedException(String dispatchId, DispatchStatus status, String message) {
        super(message);
        this.dispatchId = dispatchId;
        this.status = status;
    }

    /** @return the dispatch's id */
    public String dispatchId() {
        return dispatchId;
    }

    /** @return the dispatch's status */
    public DispatchStatus status() {
        return status;
    }
}
