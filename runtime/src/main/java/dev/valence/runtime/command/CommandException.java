package dev.valence.runtime.command;

import java.util.OptionalInt;

/**
 * A {@link Command} did not succeed: its program was not found, it exited with a code that does not
 * count as success, it ran out of time or was interrupted, or a declared output was never written.
 * Thrown from an electron, it fails the node with this message (and the stack trace stored).
 */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a command did not succeed. */
    public enum Reason {
        /** The program is not on the {@code PATH} the command runs with (or not executable). */
        PROGRAM_NOT_FOUND,
        /** The program could not be started for another reason, or an input file could not be placed. */
        START_FAILED,
        /** The program exited with a code outside {@link Command#successExitCodes}. */
        FAILED,
        /** The program ran longer than {@link Command#timeout}; its process tree was killed. */
        TIMED_OUT,
        /** The running thread was interrupted (the electron's timeout, a cancellation); the process tree was killed. */
        INTERRUPTED,
        /** The program succeeded but a declared output file or folder is missing. */
        OUTPUT_MISSING,
        /** Reading the program's output failed. */
        IO_ERROR
    }

    /** What went wrong. */
    private final Reason reason;
    /** The program's exit code, or null when it did not exit. */
    private final Integer exitCode;

    CommandException(Reason reason, String message, Integer exitCode, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.exitCode = exitCode;
    }

    /** @return why the command did not succeed */
    public Reason reason() {
        return reason;
    }

    /** @return the program's exit code, when it exited by itself */
    public OptionalInt exitCode() {
        return exitCode == null ? OptionalInt.empty() : OptionalInt.of(exitCode);
    }
}
