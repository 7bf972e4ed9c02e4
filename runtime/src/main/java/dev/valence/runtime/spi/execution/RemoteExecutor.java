package dev.valence.runtime.spi.execution;

import java.util.concurrent.CompletableFuture;

/**
 * Runs electron calls in other processes. Register one with {@code
 * Valence.builder().executor(name, remoteExecutor)} for electrons declared {@code @Electron(executor
 * = name)}, or with {@code defaultExecutor(remoteExecutor)} for every electron without an executor
 * of its own. The caller keeps ownership and closes it after {@code Valence.close()}.
 *
 * <p>The worker that takes a task reads the arguments from the shared store by their
 * fingerprints, runs the electron, stores its value with {@code ValueStore.putValues} and answers
 * with the value's fingerprint ({@code ValenceWorker.run} does all of that). The engine calls
 * {@link #submit} from its own threads and never blocks on the future.
 */
public interface RemoteExecutor {

    /**
     * Sends a task to a worker.
     *
     * @param task the call to make; serializable
     * @return completes with the worker's answer, a computed value or a failure the worker reported;
     *     completes exceptionally only when no worker could answer (the node then fails, and its
     *     failure is not reused as the electron's)
     */
    CompletableFuture<TaskResult> submit(RemoteTask task);

    /**
     * Asks the worker running a task to interrupt it: its node was cancelled. Best effort; the
     * engine ignores whatever the task answers afterwards.
     *
     * @param task a task given to {@link #submit}
     */
    void cancel(RemoteTask task);
}
