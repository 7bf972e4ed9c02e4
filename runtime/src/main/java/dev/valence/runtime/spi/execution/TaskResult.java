package dev.valence.runtime.spi.execution;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * A worker's answer to a {@link RemoteTask}: the fingerprint of the value it stored, or the
 * failure, with what the electron printed and when it ran.
 *
 * @param taskId the task's id
 * @param outcome how the task ended
 * @param valueFingerprint the stored value's fingerprint when {@link Outcome#COMPUTED}, else null
 * @param workerId the worker that ran the task
 * @param attempts the attempts made (retries included); 0 when the electron never ran
 * @param startedAt when the worker started the first attempt, or when it refused the task
 * @param endedAt when the worker ended the task
 * @param stdout the tail of what the electron printed to {@code System.out}, or null for nothing
 * @param stderr the tail of what it printed to {@code System.err}, or null for nothing
 * @param errorClass the binary name of the error's class when the task failed, else null
 * @param errorMessage the error's message when the task failed (may be null)
 * @param stackTrace the error's stack trace as text when the task failed, else null
 * @serial exclude (a transport record between processes of one version, not a stored form)
 */
public record TaskResult(
        String taskId,
        Outcome outcome,
        String valueFingerprint,
        String workerId,
        int attempts,
        Instant startedAt,
        Instant endedAt,
        Output stdout,
        Output stderr,
        String errorClass,
        String errorMessage,
        String stackTrace)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** How a task ended. */
    public enum Outcome {
        /** The electron returned and its value is in the shared store. */
        COMPUTED,
        /** The electron threw (after its retries) or exceeded its timeout: a property of the call. */
        ELECTRON_FAILED,
        /**
         * The worker could not make the call or store its value: the electron or its catalog is not
         * on the worker's class path, its code fingerprint differs from the coordinator's, an
         * argument could not be read, the value could not be stored, or the task was cancelled.
         */
        FAILED
    }

    /**
     * The tail of one of the electron's output streams.
     *
     * @param text the last bytes written, decoded
     * @param bytes how many bytes were written in all
     * @param truncated whether earlier bytes were dropped
     * @serial exclude
     */
    public record Output(String text, long bytes, boolean truncated) implements Serializable {
        private static final long serialVersionUID = 1L;

        /**
         * Checks the text is present.
         *
         * @param text the text
         * @param bytes the bytes written
         * @param truncated whether bytes were dropped
         */
        public Output {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * Checks the fields that every answer has; see the record's description.
     *
     * @param taskId the taskId
     * @param outcome the outcome
     * @param valueFingerprint the valueFingerprint
     * @param workerId the workerId
     * @param attempts the attempts
     * @param startedAt the startedAt
     * @param endedAt the endedAt
     * @param stdout the stdout
     * @param stderr the stderr
     * @param errorClass the errorClass
     * @param errorMessage the errorMessage
     * @param stackTrace the stackTrace
     */
    public TaskResult {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(workerId, "workerId");
        if (outcome == Outcome.COMPUTED && valueFingerprint == null) {
            throw new IllegalArgumentException("a computed task needs its value's fingerprint");
        }
        if (outcome != Outcome.COMPUTED && errorClass == null) {
            throw new IllegalArgumentException("a failed task needs its error's class");
        }
    }

    /** @return the error's class and message on one line, for a node's reason */
    public String errorLine() {
        return errorMessage == null ? errorClass : errorClass + ": " + errorMessage;
    }
}
