package dev.valence.runtime;

import dev.valence.runtime.internal.engine.RunHandle;
import dev.valence.runtime.internal.engine.StoredResults;
import dev.valence.runtime.spi.store.DispatchRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running or finished dispatch, returned at once by {@link Valence#dispatch}. Waiting gives its
 * stored {@link DispatchResult}.
 *
 * @param <R> the type of the lattice's result
 */
public final class Dispatch<R> {
    private final RunHandle run;
    private final StoredResults results;

    Dispatch(RunHandle run, StoredResults results) {
        this.run = run;
        this.results = results;
    }

    /** @return the dispatch id, usable from any process with {@link Valence#result(String)} */
    public String id() {
        return run.id();
    }

    /** @return whether the dispatch has ended */
    public boolean isDone() {
        return run.done().isDone();
    }

    /**
     * Waits until the dispatch ends.
     *
     * @return its result, completed, failed or cancelled
     * @throws ValenceException when the wait is interrupted or the store failed while recording
     */
    public DispatchResult<R> await() {
        try {
            run.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValenceException("interrupted while waiting for dispatch " + id(), e);
        } catch (ExecutionException e) {
            throw new ValenceException(
                    "dispatch " + id() + " could not be recorded: "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        return result();
    }

    /**
     * Waits until the dispatch ends or the timeout passes.
     *
     * @param timeout the longest to wait
     * @return its result, or empty if it is still running
     */
    public Optional<DispatchResult<R>> await(Duration timeout) {
        CompletableFuture<DispatchStatus> done = run.done();
        try {
            done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ValenceException("interrupted while waiting for dispatch " + id(), e);
        } catch (ExecutionException e) {
            throw new ValenceException(
                    "dispatch " + id() + " could not be recorded: "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        return Optional.of(result());
    }

    @SuppressWarnings("unchecked")
    private DispatchResult<R> result() {
        DispatchRecord record = results.dispatch(id())
                .orElseThrow(() -> new ValenceException("dispatch " + id() + " vanished from the store"));
        return (DispatchResult<R>) new DispatchResult<>(record, results);
    }

    /**
     * Where each node stands right now: a {@link NodeStatus#RUNNING} node has its start time. Read
     * from memory, without the store; cheap enough to call often.
     *
     * @return every node of the dispatch, inputs and constants included, in index order
     */
    public List<NodeSnapshot> nodes() {
        return run.nodes();
    }

    /** @return the counts of the nodes that run, by where they stand right now */
    public DispatchProgress progress() {
        return DispatchProgress.of(run.nodes());
    }

    /**
     * Cancels the dispatch and returns at once: nodes that have not started never run, and running
     * electrons are interrupted (a command is killed with its whole process tree) and their nodes end
     * {@link NodeStatus#CANCELLED}; an electron that ignores the interrupt is abandoned and its late
     * result discarded. The dispatch ends {@link DispatchStatus#CANCELLED} unless every node had
     * already ended. Nodes that ended before keep their results.
     */
    public void cancel() {
        run.cancel();
    }

    @Override
    public String toString() {
        return "Dispatch[" + id() + (isDone() ? ", done" : ", running") + "]";
    }
}
