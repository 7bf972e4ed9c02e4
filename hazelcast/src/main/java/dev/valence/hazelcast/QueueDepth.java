package dev.valence.hazelcast;

import dev.valence.runtime.spi.execution.TaskResult;
import java.time.Duration;

/**
 * How many tasks a worker may hold per thread, from how long tasks have been taking: short tasks
 * go in deep queues, so each batch and each answer poll carries many of them (a 10,000-task fan-out
 * of no-op electrons on three workers took 9 to 10 s with 4 per thread, 4 to 6 s with 16); long
 * ones in shallow queues, so a worker never sits on a backlog while another has nothing to do, and
 * a killed worker takes little with it. A thread's queue holds about {@link #QUEUED_WORK} of work:
 * that bounds how long the last tasks of a graph can wait behind one worker while another is idle.
 * Not thread-safe: the executor calls it under its lock.
 */
final class QueueDepth {
    /** The work a thread's queue holds at most, by the mean task time seen. */
    static final Duration QUEUED_WORK = Duration.ofMillis(50);
    /** Tasks per thread before any task was timed, and never fewer than this... */
    static final int SHALLOW = 2;
    /** ...until a first answer is seen: the depth of the first batches. */
    static final int FIRST = 4;
    /** Tasks per thread at most, however short they are. */
    static final int DEEP = 16;

    /** Weight of the newest task time in the moving mean. */
    private static final double WEIGHT = 0.05;

    private double meanNanos = -1;

    /** Takes a finished task's run time into the mean. */
    void finished(TaskResult answer) {
        if (answer.startedAt() == null || answer.endedAt() == null) {
            return;
        }
        double nanos = Math.max(
                0, Duration.between(answer.startedAt(), answer.endedAt()).toNanos());
        meanNanos = meanNanos < 0 ? nanos : meanNanos + WEIGHT * (nanos - meanNanos);
    }

    /** @return the tasks a worker may hold per thread now */
    int perThread() {
        if (meanNanos < 0) {
            return FIRST;
        }
        double fits = QUEUED_WORK.toNanos() / Math.max(1.0, meanNanos);
        return (int) Math.max(SHALLOW, Math.min(DEEP, fits));
    }
}
