package dev.valence.postgres.internal;

import static dev.valence.postgres.internal.PgTypes.setInstant;

import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Group commit: node ends, node starts and dispatch ends are accepted into an {@link Overlay} and
 * written by one committer thread, a whole batch in one transaction with JDBC batch statements
 * (which the driver rewrites into multi-row inserts), so that concurrent nodes share one round trip
 * and one commit; a commit per node would cap a process at a few hundred nodes a second. A node
 * that has a value completes its future once its batch is committed.
 *
 * <p>Reads see the pending batch and the one being written (the overlay) before the tables. A
 * batch leaves the overlay only after its commit, under the write side of {@link #visibility}, and
 * every read of overlay and tables holds the read side: so no read ever misses a record that moves
 * from the overlay to the tables while it reads.
 */
final class Committer {
    /** How long records nobody waits for (reused, failed, cancelled nodes) may stay uncommitted. */
    private static final Duration BOOKKEEPING_FLUSH = Duration.ofMillis(50);

    /** How long a node's start may stay uncommitted: other processes show running nodes within a second. */
    static final Duration LIVE_FLUSH = Duration.ofMillis(500);

    private static final String UPSERT_RESULT = "INSERT INTO results (cache_key, value_fingerprint, dispatch_id,"
            + " node_index, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (cache_key) DO UPDATE SET"
            + " value_fingerprint = EXCLUDED.value_fingerprint, dispatch_id = EXCLUDED.dispatch_id,"
            + " node_index = EXCLUDED.node_index, created_at = EXCLUDED.created_at";
    private static final String END_DISPATCH = "UPDATE dispatches SET status = ?, ended_at = ?, error = ? WHERE id = ?";
    /** A request to cancel a dispatch that ended has been answered, or has nothing left to stop. */
    private static final String ANSWERED = "DELETE FROM cancel_requests WHERE dispatch_id = ?";

    private final PgDatabase database;
    private final Object lock = new Object();
    private final ReadWriteLock visibility = new ReentrantReadWriteLock();
    private final Thread thread;
    private Overlay pending = new Overlay();
    /** The batch being written, or null. */
    private Overlay inFlight;

    private boolean commitRequested;
    private boolean closing;
    private RuntimeException lastFailure;

    Committer(PgDatabase database) {
        this.database = database;
        this.thread = new Thread(this::loop, "valence-postgres-committer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Accepts a node's end: visible to this process's reads at once. A node with a value completes
     * its future after its batch's commit; the others at once (they are committed within {@link
     * #BOOKKEEPING_FLUSH}, and lose nothing worth keeping if the process dies first).
     */
    CompletableFuture<Void> addNode(String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (lock) {
            checkAccepting();
            pending.addNode(dispatchId, node, value, indexResult);
            if (value != null) {
                pending.durable.add(durable);
            } else {
                durable.complete(null);
            }
            lock.notifyAll();
        }
        return durable;
    }

    /** Accepts a node's start, committed with the next batch or within {@link #LIVE_FLUSH}. */
    void addStart(String dispatchId, NodeRecord node) {
        synchronized (lock) {
            checkAccepting();
            pending.addStart(dispatchId, node);
            lock.notifyAll();
        }
    }

    /** Accepts a dispatch's end and waits until it is committed. */
    void addEnd(String dispatchId, Overlay.DispatchEnd end) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        synchronized (lock) {
            checkAccepting();
            pending.addEnd(dispatchId, end);
            pending.durable.add(durable);
            lock.notifyAll();
        }
        try {
            durable.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** Commits everything accepted so far and waits for it; reports a failed earlier batch. */
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
                    throw new StoreException("interrupted while waiting for a checkpoint of " + database.location(), e);
                }
            }
            throwLastFailure();
        }
    }

    /**
     * Runs a read of overlay and tables while no batch leaves the overlay.
     *
     * @param read the read; it consults the overlay through {@link #overlay} first
     * @return what it read
     */
    <T> T visible(Supplier<T> read) {
        visibility.readLock().lock();
        try {
            return read.get();
        } finally {
            visibility.readLock().unlock();
        }
    }

    /**
     * Asks the overlay, newest batch first.
     *
     * @param question what to find in one batch; empty when that batch has no answer
     * @return the first answer, from the pending batch before the one being written
     */
    <T> Optional<T> overlay(Function<Overlay, Optional<T>> question) {
        synchronized (lock) {
            Optional<T> answer = question.apply(pending);
            if (answer.isEmpty() && inFlight != null) {
                answer = question.apply(inFlight);
            }
            return answer;
        }
    }

    /** A dispatch's nodes in the overlay, newer records over older ones. */
    TreeMap<Integer, NodeRecord> overlayNodes(String dispatchId) {
        TreeMap<Integer, NodeRecord> nodes = new TreeMap<>();
        synchronized (lock) {
            if (inFlight != null && inFlight.nodes.containsKey(dispatchId)) {
                nodes.putAll(inFlight.nodes.get(dispatchId));
            }
            if (pending.nodes.containsKey(dispatchId)) {
                nodes.putAll(pending.nodes.get(dispatchId));
            }
        }
        return nodes;
    }

    /** Replaces a value waiting in the overlay, so that the stale copy is not written over a fresh one. */
    void replaceValue(StoredValue value) {
        synchronized (lock) {
            pending.replaceValue(value);
            if (inFlight != null) {
                inFlight.replaceValue(value);
            }
        }
    }

    /**
     * Lets the committer write what is pending, then waits for it to end.
     *
     * @return false when the store was already closing
     */
    boolean close() {
        synchronized (lock) {
            if (closing) {
                return false;
            }
            closing = true;
            lock.notifyAll();
        }
        try {
            thread.join();
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
                        "a deferred write to the store at " + database.location() + " failed: " + failure.getMessage(),
                        failure);
            }
        }
    }

    private void checkAccepting() {
        if (closing) {
            throw new StoreException("the store at " + database.location() + " is closed", null);
        }
    }

    private void loop() {
        while (true) {
            Overlay batch;
            synchronized (lock) {
                try {
                    while (!commitDue()) {
                        if (closing && pending.isEmpty()) {
                            return;
                        }
                        lock.wait(waitMillis());
                    }
                } catch (InterruptedException e) {
                    return;
                }
                commitRequested = false;
                batch = pending;
                pending = new Overlay();
                inFlight = batch;
            }
            commit(batch);
        }
    }

    private void commit(Overlay batch) {
        StoreException failure = null;
        try {
            database.write(
                    "record " + batch.nodeCount() + " node records and " + batch.ends.size() + " dispatch ends",
                    connection -> {
                        write(connection, batch);
                        return null;
                    });
        } catch (RuntimeException e) {
            // Whatever went wrong, the waiters must hear of it: a committer that died would leave them waiting.
            failure = e instanceof StoreException store
                    ? store
                    : new StoreException(
                            "cannot record node ends in the store at " + database.location() + ": " + e, e);
        }
        Overlay salvage = failure == null ? null : Salvage.of(batch, failure.getMessage());
        visibility.writeLock().lock();
        try {
            synchronized (lock) {
                // Out of the overlay once committed (or replaced by what is salvaged of it); checkpoints wait for this.
                inFlight = salvage;
                lock.notifyAll();
            }
        } finally {
            visibility.writeLock().unlock();
        }
        if (failure == null) {
            batch.durable.forEach(future -> future.complete(null));
        } else {
            StoreException reported = failure;
            batch.durable.forEach(future -> future.completeExceptionally(reported));
            if (batch.durable.isEmpty() && batch.beyondStarts()) {
                synchronized (lock) {
                    lastFailure = failure;
                }
            }
            writeSalvage(salvage);
        }
    }

    /** Writes what is worth keeping of a failed batch; a second failure only leaves it out of the overlay. */
    private void writeSalvage(Overlay salvage) {
        try {
            database.write("record the nodes of a failed batch as failed", connection -> {
                write(connection, salvage);
                return null;
            });
        } catch (StoreException again) {
            // The waiters already know of the first failure; there is nothing more to tell them.
        }
        visibility.writeLock().lock();
        try {
            synchronized (lock) {
                inFlight = null;
                lock.notifyAll();
            }
        } finally {
            visibility.writeLock().unlock();
        }
    }

    private boolean commitDue() {
        if (pending.isEmpty()) {
            return false;
        }
        if (commitRequested || closing || !pending.durable.isEmpty()) {
            return true;
        }
        long now = System.nanoTime();
        if (pending.oldestStartNanos() >= 0 && now - pending.oldestStartNanos() >= LIVE_FLUSH.toNanos()) {
            return true;
        }
        return pending.beyondStarts() && now - pending.oldestNanos() >= BOOKKEEPING_FLUSH.toNanos();
    }

    private long waitMillis() {
        if (pending.isEmpty()) {
            return 0;
        }
        long now = System.nanoTime();
        long remaining = Long.MAX_VALUE;
        if (pending.beyondStarts()) {
            remaining = BOOKKEEPING_FLUSH.toNanos() - (now - pending.oldestNanos());
        }
        if (pending.oldestStartNanos() >= 0) {
            remaining = Math.min(remaining, LIVE_FLUSH.toNanos() - (now - pending.oldestStartNanos()));
        }
        return Math.max(1, remaining / 1_000_000);
    }

    /** Writes a batch with one JDBC batch per statement, inside the caller's transaction. */
    private static void write(Connection connection, Overlay batch) throws SQLException {
        ValueRows.insert(connection, new ArrayList<>(batch.values.values()));
        if (!batch.nodes.isEmpty()) {
            try (PreparedStatement upsert = connection.prepareStatement(NodeRows.UPSERT)) {
                for (Map.Entry<String, TreeMap<Integer, NodeRecord>> dispatch : batch.nodes.entrySet()) {
                    for (NodeRecord node : dispatch.getValue().values()) {
                        NodeRows.bind(upsert, dispatch.getKey(), node);
                        upsert.addBatch();
                    }
                }
                upsert.executeBatch();
            }
        }
        if (!batch.results.isEmpty()) {
            Instant now = Instant.now();
            try (PreparedStatement index = connection.prepareStatement(UPSERT_RESULT)) {
                for (Map.Entry<String, CachedResult> result : batch.results.entrySet()) {
                    index.setString(1, result.getKey());
                    index.setString(2, result.getValue().valueFingerprint());
                    index.setString(3, result.getValue().dispatchId());
                    index.setInt(4, result.getValue().nodeIndex());
                    setInstant(index, 5, now);
                    index.addBatch();
                }
                index.executeBatch();
            }
        }
        if (!batch.ends.isEmpty()) {
            try (PreparedStatement end = connection.prepareStatement(END_DISPATCH);
                    PreparedStatement answered = connection.prepareStatement(ANSWERED)) {
                List<String> ids = new ArrayList<>(batch.ends.keySet());
                for (String id : ids) {
                    Overlay.DispatchEnd ending = batch.ends.get(id);
                    end.setString(1, ending.status().name());
                    setInstant(end, 2, ending.endedAt());
                    end.setString(3, ending.error());
                    end.setString(4, id);
                    end.addBatch();
                    answered.setString(1, id);
                    answered.addBatch();
                }
                end.executeBatch();
                answered.executeBatch();
            }
        }
    }
}
