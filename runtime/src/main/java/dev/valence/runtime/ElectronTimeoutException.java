package dev.valence.runtime;

/** An electron attempt ran longer than its {@code @Electron(timeout = ...)}. Recorded as the node's error. */
public final class ElectronTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    ElectronTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
