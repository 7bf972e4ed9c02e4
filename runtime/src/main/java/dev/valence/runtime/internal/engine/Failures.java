package dev.valence.runtime.internal.engine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * How failures are written down, and how callbacks run where a throw would otherwise be lost: a
 * node must end whatever its electron, a codec, the store or an executor throws.
 */
final class Failures {
    private Failures() {}

    /**
     * Runs a step on an executor once a future completes: never on the thread that completes it,
     * which may be the store's committer thread (a step may wait for a commit). Should the executor
     * refuse (Valence is closing, or a caller's executor was shut down), the step runs on a thread
     * of its own: dropping it would leave a node, or the nodes waiting on it, without an end.
     *
     * @param name the node's name, for the fallback thread's name
     */
    static void afterwards(CompletableFuture<?> future, Executor executor, String name, Runnable step) {
        future.whenComplete((ignored, error) -> {
            try {
                executor.execute(step);
            } catch (Throwable refused) {
                Thread late = new Thread(step, "valence-late-" + name);
                late.setDaemon(true);
                late.start();
            }
        });
    }

    /** @return the first line of a message or stack trace, stripped */
    static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }

    /** @return the error with its stack trace, as {@link Throwable#printStackTrace()} writes it */
    static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            error.printStackTrace(writer);
        }
        return out.toString();
    }
}
