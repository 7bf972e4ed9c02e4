package dev.valence.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * When the embedded store makes results durable (Parsl's checkpoint modes), and so what a crash of
 * the process may lose. Results not yet durable are visible to the process that made them, never to
 * other processes; a lost result is only recomputed by the next dispatch, never corrupted.
 *
 * <ul>
 *   <li>{@link #EACH_NODE} (default): a computed node's result is committed as soon as it ends, in
 *       commits that concurrent nodes share (group commit). Its dependants start at once, on the
 *       value in memory, without waiting for that commit; commits are ordered, so no dependant is
 *       ever recorded before the node it depends on. A crash loses at most the nodes that were
 *       running and those whose commit was under way (the last commit, milliseconds).
 *       {@code await()} returns once every result of the dispatch is committed.
 *   <li>{@link #every(Duration)}: results are committed together at most that long after they end;
 *       a crash loses at most that window.
 *   <li>{@link #END_OF_DISPATCH}: results are committed when any dispatch ends; a crash loses the
 *       results of the dispatches still running.
 *   <li>{@link #ON_REQUEST}: results are committed only by {@code Valence.checkpoint()} and on close;
 *       a crash loses everything since.
 * </ul>
 */
public final class CheckpointMode {

    /** Commit each computed node's result as soon as it ends (shared, ordered commits). */
    public static final CheckpointMode EACH_NODE = new CheckpointMode("each-node", Duration.ZERO);

    /** Commit when a dispatch ends. */
    public static final CheckpointMode END_OF_DISPATCH = new CheckpointMode("end-of-dispatch", null);

    /** Commit only when asked ({@code Valence.checkpoint()}) and on close. */
    public static final CheckpointMode ON_REQUEST = new CheckpointMode("on-request", null);

    private final String name;
    private final Duration interval;

    private CheckpointMode(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
    }

    /**
     * Commits results periodically.
     *
     * @param interval the longest a result waits to be committed, positive
     * @return the mode
     */
    public static CheckpointMode every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a checkpoint interval must be positive, got " + interval);
        }
        return new CheckpointMode("every " + interval, interval);
    }

    /** @return whether each computed node is committed as soon as it ends */
    public boolean isEachNode() {
        return this == EACH_NODE;
    }

    /** @return the periodic interval, or null when the mode is not periodic */
    public Duration interval() {
        return this == EACH_NODE ? null : interval;
    }

    @Override
    public String toString() {
        return name;
    }
}
