package dev.valence.runtime;

/** A call to the Valence API failed. The message names the cause and what to do. */
public class ValenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what to do
     */
    public ValenceException(String message) {
        super(message);
    }

    /**
     * @param message what failed and what to do
     * @param cause the underlying error
     */
    public ValenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
