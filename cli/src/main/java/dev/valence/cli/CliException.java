package dev.valence.cli;

/**
 * A failure the command reports as one line on stderr with its exit code: the message names the
 * cause and what to do about it, so no stack trace is needed to act on it.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exit code, one of {@link ExitCodes}. */
    private final int exitCode;

    private CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message the cause and the fix, in one sentence
     * @return the exception
     */
    public static CliException of(int exitCode, String message) {
        return new CliException(exitCode, message, null);
    }

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message the cause and the fix, in one sentence
     * @param cause the underlying failure, shown with {@code --debug}
     * @return the exception
     */
    public static CliException of(int exitCode, String message, Throwable cause) {
        return new CliException(exitCode, message, cause);
    }

    /** @return the exit code, one of {@link ExitCodes} */
    public int exitCode() {
        return exitCode;
    }
}
