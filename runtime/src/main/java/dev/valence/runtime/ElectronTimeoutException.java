package dev.valence.runtime;

/** An electron attempt ran longer than its {@code @Electron(timeout = ...)}. Recorded as the node's error. */
public final class ElectronTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what timed out, after how long
     * @param cause the interrupted wait, or null
     */
    public ElectronTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
