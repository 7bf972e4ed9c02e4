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
 *
 * <p>A commit survives a crash of the process in every mode. By default it is not flushed to the
 * disk at once (SQLite's WAL with {@code synchronous=NORMAL}): an operating-system crash or a power
 * loss may also lose the last commits, never more, and never leaves the database unreadable. Each
 * mode's {@link #syncedToDisk()} flushes every commit to the disk before it counts as made
 * ({@code synchronous=FULL}), so a committed result survives those too, at the price of one {@code
 * fsync} per commit.
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
    /** The mode this one flushes to the disk, or null when this is one of the plain modes. */
    private final CheckpointMode unsynced;

    private CheckpointMode(String name, Duration interval) {
        this(name, interval, null);
    }

    private CheckpointMode(String name, Duration interval, CheckpointMode unsynced) {
        this.name = name;
        this.interval = interval;
        this.unsynced = unsynced;
    }

    /**
     * The same mode, with every commit flushed to the disk before it counts as made: committed
     * results then survive an operating-system crash or a power loss as well as a crash of the
     * process. Costs an {@code fsync} per commit (concurrent nodes still share commits).
     *
     * @return the synced variant of this mode (this mode, when it is already synced)
     */
    public CheckpointMode syncedToDisk() {
        return unsynced != null ? this : new CheckpointMode(name + ", synced to disk", interval, this);
    }

    /** @return whether every commit is flushed to the disk before it counts as made */
    public boolean isSyncedToDisk() {
        return unsynced != null;
    }

    private CheckpointMode plain() {
        return unsynced != null ? unsynced : this;
    }

    /** @return whether the results are committed when a dispatch ends (and not before) */
    public boolean isEndOfDispatch() {
        return plain() == END_OF_DISPATCH;
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
        return plain() == EACH_NODE;
    }

    /** @return the periodic interval, or null when the mode is not periodic */
    public Duration interval() {
        return isEachNode() ? null : interval;
    }

    @Override
    public String toString() {
        return name;
    }
}
