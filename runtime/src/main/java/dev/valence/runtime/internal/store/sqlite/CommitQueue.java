package dev.valence.runtime.internal.store.sqlite;

import static dev.valence.runtime.internal.store.sqlite.SqlTypes.setInstant;

import dev.valence.runtime.CheckpointMode;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Group commit: node ends and dispatch ends are accepted into {@link PendingWrites} and written by
 * one committer thread in one transaction whenever the checkpoint mode says so, so that concurrent
 * nodes share one commit (and one fsync). Until then the pending records, and the batch being
 * written, are an overlay that this process's reads consult first. The committer writes holding
 * only the writing connection's lock: reads go on meanwhile, through their own connection, and
 * find the batch in the overlay until its commit is done.
 */
final class CommitQueue {
    /** How long bookkeeping nobody waits for may stay uncommitted in the default mode. */
    private static final Duration EACH_NODE_FLUSH = Duration.ofMillis(50);

    /** How long a node's start may stay uncommitted in any mode: other processes show running nodes. */
    static final Duration LIVE_FLUSH = Duration.ofSeconds(1);

    private final Database database;
    private final Object lock;
    private final CheckpointMode mode;
    private final PendingWrites pending = new PendingWrites();
    /** The batch the committer writes, until its commit is done (or failed); null between batches. */
    private PendingWrites inFlight;

    private final Thread committer;
    private boolean commitRequested;
    private RuntimeException lastFailure;
    /** Dispatches that lost a node's value to a failed commit, with the error their end must carry. */
    private final Map<String, String> failedDispatches = new HashMap<>();

    CommitQueue(Database database, CheckpointMode mode) {
        this.database = database;
        this.lock = database.lock();
        this.mode = mode;
        this.committer = new Thread(this::commitLoop, "valence-store-committer");
        this.committer.setDaemon(true);
    }

    /** Starts the committer; a read-only store never does, having nothing to write. */
    void start() {
        committer.start();
    }

    CheckpointMode mode() {
        return mode;
    }

    /** The records accepted and not yet taken by the committer; used only while holding the database's lock. */
    PendingWrites pending() {
        return pending;
    }

    /**
     * The records not yet committed, newest first: those waiting, then the batch being written.
     * Read only while holding the database's lock.
     */
    List<PendingWrites> overlay() {
        return inFlight == null ? List.of(pending) : List.of(pending, inFlight);
    }

    /** Waits until the batch being written, if any, is committed (or failed); the caller holds the lock. */
    void awaitInFlight() {
        while (inFlight != null) {
            try {
                lock.wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted while waiting for a commit to " + database.folder(), e);
            }
        }
    }

    /**
     * Accepts a node's end. In the default mode the future completes once a node with a value is
     * committed; everything else completes at once, and is committed with the next batch.
     */
    CompletableFuture<Void> addNode(String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (lock) {
            database.checkWritable();
            pending.addNode(dispatchId, node, value, indexResult);
            if (mode.isEachNode() && value != null) {
                pending.durable.add(durable);
            } else {
                durable.complete(null);
            }
            lock.notifyAll();
        }
        return durable;
    }

    /**
     * Accepts a node's start. Nobody waits for it: it rides with the next commit, or is committed
     * within {@link #LIVE_FLUSH} in any mode, so that other processes see running nodes.
     */
    void addStart(String dispatchId, NodeRecord node) {
        synchronized (lock) {
            database.checkWritable();
            pending.addStart(dispatchId, node);
            lock.notifyAll();
        }
    }

    /** Accepts a dispatch's end and, in the default mode, waits until it is committed. */
    void addEnd(String dispatchId, PendingWrites.DispatchEnd end) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (lock) {
            database.checkWritable();
            pending.addEnd(dispatchId, FailedBatch.endOf(dispatchId, end, failedDispatches));
            if (mode.isEndOfDispatch()) {
                commitRequested = true;
            }
            if (mode.isEachNode()) {
                pending.durable.add(durable);
            } else {
                durable.complete(null);
            }
            lock.notifyAll();
        }
        try {
            durable.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Commits everything pending now and waits for it; reports a failed earlier batch. */
    void checkpoint() {
        synchronized (lock) {
            database.checkOpen();
            commitRequested = true;
            lock.notifyAll();
            while (!pending.isEmpty() || inFlight != null) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while waiting for a checkpoint of " + database.folder(), e);
                }
            }
            throwLastFailure();
        }
    }

    /**
     * Lets the committer write what is pending, then waits for it to end.
     *
     * @return false when the store was already closing
     */
    boolean close() {
        synchronized (lock) {
            if (database.isClosing()) {
                return false;
            }
            database.markClosing();
            lock.notifyAll();
        }
        try {
            committer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** Reports, once, a batch that failed after its writers were told it was accepted. */
    void throwLastFailure() {
        synchronized (lock) {
            if (lastFailure != null) {
                RuntimeException failure = lastFailure;
                lastFailure = null;
                throw new StoreException(
                        "a deferred write to the store " + database.folder() + " failed: " + failure.getMessage(),
                        failure);
            }
        }
    }

    private void commitLoop() {
        while (true) {
            PendingWrites batch;
            synchronized (lock) {
                try {
                    while (!commitDue()) {
                        if (database.isClosing() && pending.isEmpty()) {
                            return;
                        }
                        lock.wait(waitMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
                commitRequested = false;
                batch = pending.drain();
                inFlight = batch;
            }
            // Outside the overlay's lock: reads and new records go on while the batch is written.
            RuntimeException failure = commit(batch);
            synchronized (lock) {
                inFlight = null;
                if (failure != null) {
                    handleFailure(batch, failure);
                }
                lock.notifyAll();
            }
        }
    }

    /**
     * Writes one batch in one transaction and tells its waiters it is durable.
     *
     * @return null, or the failure that lost the batch
     */
    private RuntimeException commit(PendingWrites batch) {
        RuntimeException failure = writeAndCommit(batch);
        if (failure == null) {
            batch.durable.forEach(future -> future.complete(null));
        }
        return failure;
    }

    /**
     * Writes records in one transaction on the writing connection, under its lock.
     *
     * @return null, or the failure (the connection recovered from it)
     */
    private RuntimeException writeAndCommit(PendingWrites writes) {
        synchronized (database.writeLock()) {
            try {
                write(writes);
                database.connection().commit();
                return null;
            } catch (SQLException | RuntimeException e) {
                database.recover(e);
                return database.failure("write results", e);
            }
        }
    }

    /** Tells a failed batch's waiters, and writes what can be saved of it; the caller holds the lock. */
    private void handleFailure(PendingWrites batch, RuntimeException failure) {
        if (batch.durable.isEmpty()) {
            // Nobody waits for this batch: the next checkpoint (or close) reports it, unless it
            // held only running nodes' starts, whose ends are written later anyway.
            if (batch.beyondStarts()) {
                lastFailure = failure;
            }
            return;
        }
        // The waiters fail their node or call with the failure: it is handled, and close need
        // not report it again. The nodes that lost their value are written as failed instead.
        batch.durable.forEach(future -> future.completeExceptionally(failure));
        PendingWrites salvage = FailedBatch.salvage(batch, failure.getMessage(), failedDispatches);
        // A dispatch's end accepted while the batch was being written (no lock held then) waits in
        // pending as it was given: it must carry the lost value's failure too.
        pending.ends.replaceAll((dispatchId, end) -> FailedBatch.endOf(dispatchId, end, failedDispatches));
        // The writing connection's lock inside the overlay's: nobody takes them the other way
        // (the committer writes a batch holding the writing lock alone). If not even the small
        // rows fit, the waiters already know: nothing more to tell.
        writeAndCommit(salvage);
    }

    private boolean commitDue() {
        if (pending.isEmpty()) {
            return false;
        }
        if (commitRequested || database.isClosing() || !pending.durable.isEmpty()) {
            return true;
        }
        if (pending.hasStarts() && System.nanoTime() - pending.oldestStartNanos() >= LIVE_FLUSH.toNanos()) {
            return true;
        }
        Duration interval = flushInterval();
        return interval != null && System.nanoTime() - pending.oldestNanos() >= interval.toNanos();
    }

    /**
     * How long records nobody waits for may stay uncommitted. In the default mode that is only
     * bookkeeping (reused, failed and cancelled nodes, which lose nothing if lost); they ride along
     * with the next commit, or are flushed after a short while.
     */
    private Duration flushInterval() {
        return mode.isEachNode() ? EACH_NODE_FLUSH : mode.interval();
    }

    private long waitMillis() {
        if (pending.isEmpty()) {
            return 0;
        }
        long remaining = Long.MAX_VALUE;
        Duration interval = flushInterval();
        if (interval != null) {
            remaining = interval.toNanos() - (System.nanoTime() - pending.oldestNanos());
        }
        if (pending.hasStarts()) {
            remaining = Math.min(remaining, LIVE_FLUSH.toNanos() - (System.nanoTime() - pending.oldestStartNanos()));
        }
        return remaining == Long.MAX_VALUE ? 0 : Math.max(1, remaining / 1_000_000);
    }

    /**
     * Writes a batch row by row inside the open transaction. No JDBC batching: the driver clears a
     * statement's whole batch buffer after each batch, which costs more than it saves once one large
     * batch has grown that buffer.
     */
    private void write(PendingWrites batch) throws SQLException {
        for (StoredValue value : batch.values.values()) {
            ValueRows.insert(database, value);
        }
        PreparedStatement upsertNode = database.prepare(NodeColumns.INSERT);
        for (Map.Entry<String, TreeMap<Integer, NodeRecord>> dispatch : batch.nodes.entrySet()) {
            for (NodeRecord node : dispatch.getValue().values()) {
                NodeColumns.bind(upsertNode, dispatch.getKey(), node);
                upsertNode.executeUpdate();
            }
        }
        PreparedStatement index = database.prepare("INSERT OR REPLACE INTO results (cache_key, value_fingerprint,"
                + " dispatch_id, node_index, created_at) VALUES (?, ?, ?, ?, ?)");
        for (Map.Entry<String, CachedResult> result : batch.results.entrySet()) {
            index.setString(1, result.getKey());
            index.setString(2, result.getValue().valueFingerprint());
            index.setString(3, result.getValue().dispatchId());
            index.setInt(4, result.getValue().nodeIndex());
            setInstant(index, 5, Instant.now());
            index.executeUpdate();
        }
        PreparedStatement end =
                database.prepare("UPDATE dispatches SET status = ?, ended_at = ?, error = ? WHERE id = ?");
        // A request to cancel a dispatch that ended has been answered, or has nothing left to stop.
        PreparedStatement answered = database.prepare("DELETE FROM cancel_requests WHERE dispatch_id = ?");
        for (Map.Entry<String, PendingWrites.DispatchEnd> dispatch : batch.ends.entrySet()) {
            end.setString(1, dispatch.getValue().status().name());
            setInstant(end, 2, dispatch.getValue().endedAt());
            end.setString(3, dispatch.getValue().error());
            end.setString(4, dispatch.getKey());
            end.executeUpdate();
            answered.setString(1, dispatch.getKey());
            answered.executeUpdate();
        }
    }
}
