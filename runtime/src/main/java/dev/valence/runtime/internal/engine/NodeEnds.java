package dev.valence.runtime.internal.engine;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoredValue;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Starts and ends the nodes of one dispatch: each transition is made under the node's monitor and
 * recorded in the store while holding it, so a node ends exactly once (the first end wins: a
 * cancel beats a late result, and a late failure changes nothing), and the store receives a node's
 * start before its end. Events go out after the monitor is released.
 */
final class NodeEnds {
    private final String dispatchId;
    private final ResultStore store;
    private final Clock clock;
    private final RunEvents events;
    private final CompletableFuture<DispatchStatus> done;

    NodeEnds(
            String dispatchId,
            ResultStore store,
            Clock clock,
            RunEvents events,
            CompletableFuture<DispatchStatus> done) {
        this.dispatchId = dispatchId;
        this.store = store;
        this.clock = clock;
        this.events = events;
        this.done = done;
    }

    /**
     * Marks an attempt started on the calling thread, which a cancel then interrupts. The first
     * attempt sets the start time and writes the running node to the store, where other processes
     * see it with the next group commit.
     *
     * @return false when the node has already ended (cancelled): do not run it
     */
    boolean start(NodeState state, int attempt, boolean onThisThread) {
        synchronized (state) {
            if (state.status.get().isFinal()) {
                return false;
            }
            state.attempts = attempt;
            if (onThisThread) {
                state.worker = Thread.currentThread();
            }
            if (attempt == 1) {
                state.startedAt = clock.instant();
                state.status.set(NodeStatus.RUNNING);
                store.dispatchLog().startNode(dispatchId, state.record());
            }
        }
        events.started(state, attempt);
        return true;
    }

    /**
     * The electron's call returned or threw: the thread is no longer the node's. If a cancel ended
     * the node meanwhile, its interrupt was meant for the electron, not for the pool thread's next task.
     */
    void stopWorking(NodeState state) {
        boolean endedMeanwhile;
        synchronized (state) {
            state.worker = null;
            endedMeanwhile = state.status.get().isFinal();
        }
        if (endedMeanwhile) {
            Thread.interrupted();
        }
    }

    /**
     * Ends a node once.
     *
     * @param fill sets the record's fields for this end; runs only if this end wins
     * @return completes when the record is as durable as the checkpoint mode promises; null if the
     *     node had already ended, in which case nothing changed
     */
    CompletableFuture<Void> end(
            NodeState state,
            NodeStatus status,
            NodeOutcome how,
            StoredValue value,
            boolean indexResult,
            Runnable fill) {
        CompletableFuture<Void> durable;
        Thread worker;
        synchronized (state) {
            if (state.status.get().isFinal()) {
                return null;
            }
            fill.run();
            if (state.endedAt == null) {
                state.endedAt = clock.instant();
            }
            state.end(status, how);
            worker = state.worker;
            durable = record(state, value, indexResult);
            if (worker != null && status == NodeStatus.CANCELLED) {
                // Stop the electron (a command kills its process tree); its late result is discarded.
                worker.interrupt();
            }
        }
        Runnable remoteCancel = state.remoteCancel;
        if (remoteCancel != null && status == NodeStatus.CANCELLED) {
            // Outside the monitor: the executor may talk to another process.
            remoteCancel.run();
        }
        events.ended(state);
        return durable;
    }

    /** Fails a node with the error and its stack trace; false if it had already ended. */
    boolean fail(NodeState state, Throwable error, NodeOutcome how, String reason) {
        return end(state, NodeStatus.FAILED, how, null, false, () -> {
                    state.error = Failures.stackTrace(error);
                    state.reason = reason;
                })
                != null;
    }

    /** Cancels a node that has not ended, running or not; false if it had already ended. */
    boolean cancel(NodeState state, String reason) {
        return end(state, NodeStatus.CANCELLED, NodeOutcome.CANCELLED, null, false, () -> state.reason = reason)
                != null;
    }

    /**
     * Writes a node's end. Visible to this process at once; the future completes when it is as
     * durable as the store's checkpoint mode promises. A store failure is reported by the dispatch.
     */
    private CompletableFuture<Void> record(NodeState state, StoredValue value, boolean indexResult) {
        CompletableFuture<Void> durable;
        try {
            durable = store.dispatchLog().finishNode(dispatchId, state.record(), value, indexResult);
        } catch (Throwable e) {
            durable = CompletableFuture.failedFuture(e);
        }
        durable.whenComplete((ignored, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            }
        });
        return durable;
    }
}
