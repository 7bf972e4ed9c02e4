package dev.valence.runtime;

import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Workflow;
import dev.valence.runtime.internal.engine.Engine;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.Housekeeping;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The entry point: a result store plus the executors that run electrons. Dispatch workflows, read
 * stored results, list earlier dispatches and redispatch them.
 *
 * <pre>{@code
 * try (Valence valence = Valence.open(Path.of(".valence"))) {
 *     Dispatch<Double> first = valence.dispatch(ArithmeticLattices.workflow(1, 2));
 *     double value = first.await().value();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Holds no global state: everything belongs to the instance and is released by
 * {@link #close()}.
 */
public final class Valence implements AutoCloseable {

    /** The store folder used by {@link #open()}: {@code .valence} in the working directory. */
    public static final Path DEFAULT_FOLDER = Path.of(".valence");

    private final Engine engine;
    private volatile boolean closed;

    private Valence(Engine engine) {
        this.engine = engine;
    }

    /** Called by {@link ValenceBuilder#open()}. */
    static Valence of(Engine engine) {
        return new Valence(engine);
    }

    /**
     * Opens the embedded store in {@code ./.valence} with a pool sized to the machine.
     *
     * @return the instance
     */
    public static Valence open() {
        return builder().open();
    }

    /**
     * Opens the embedded store in a folder with a pool sized to the machine.
     *
     * @param folder the store's folder, created if missing
     * @return the instance
     */
    public static Valence open(Path folder) {
        return builder().folder(folder).open();
    }

    /** @return a builder to choose the store folder, the pool size and named executors */
    public static ValenceBuilder builder() {
        return new ValenceBuilder();
    }

    /**
     * Dispatches a workflow, reusing matching results from the whole store. Returns at once.
     *
     * @param workflow the graph, from a generated {@code <Class>Lattices} method
     * @param <R> the result type
     * @return the running dispatch
     */
    public <R> Dispatch<R> dispatch(Workflow<R> workflow) {
        return dispatch(workflow, Reuse.ALL);
    }

    /**
     * Dispatches a workflow with a reuse policy. Returns at once.
     *
     * @param workflow the graph
     * @param reuse which earlier results may be reused
     * @param <R> the result type
     * @return the running dispatch
     * @throws ValenceException when an input cannot be stored, or an electron names an executor that
     *     is not registered; nothing is recorded then
     */
    public <R> Dispatch<R> dispatch(Workflow<R> workflow, Reuse reuse) {
        checkOpen();
        return new Dispatch<>(
                engine.dispatch(workflow, Objects.requireNonNull(reuse, "reuse"), List.of()), engine.results());
    }

    /**
     * Dispatches a workflow with a reuse policy and a listener of this dispatch's events (besides
     * the instance's; see {@link DispatchListener}). Returns at once; the listener sees every event
     * from the dispatch's start.
     *
     * @param workflow the graph
     * @param reuse which earlier results may be reused
     * @param listener the listener
     * @param <R> the result type
     * @return the running dispatch
     */
    public <R> Dispatch<R> dispatch(Workflow<R> workflow, Reuse reuse, DispatchListener listener) {
        checkOpen();
        return new Dispatch<>(
                engine.dispatch(
                        workflow,
                        Objects.requireNonNull(reuse, "reuse"),
                        List.of(Objects.requireNonNull(listener, "listener"))),
                engine.results());
    }

    /**
     * Cancels a dispatch by id: one running in this instance at once (see {@link Dispatch#cancel()}),
     * one running in another process through the store, which that process notices within about a
     * second.
     *
     * @param dispatchId the dispatch
     * @return true if it was running and is cancelled or asked to cancel; false if it had ended
     * @throws ValenceException if the store has no such dispatch
     */
    public boolean cancel(String dispatchId) {
        checkOpen();
        return engine.cancel(Objects.requireNonNull(dispatchId, "dispatchId"));
    }

    /**
     * Prepares a re-run of a stored dispatch, from this or an earlier process.
     *
     * @param dispatchId the stored dispatch's id
     * @return a redispatch to configure and {@link Redispatch#start() start}
     */
    public Redispatch<Object> redispatch(String dispatchId) {
        return new Redispatch<>(this::startRedispatch, Objects.requireNonNull(dispatchId, "dispatchId"));
    }

    /**
     * Prepares a re-run of a dispatch of this process, keeping its result type.
     *
     * @param dispatch the dispatch to re-run
     * @param <R> the result type
     * @return a redispatch to configure and {@link Redispatch#start() start}
     */
    public <R> Redispatch<R> redispatch(Dispatch<R> dispatch) {
        return new Redispatch<>(this::startRedispatch, dispatch.id());
    }

    private <R> Dispatch<R> startRedispatch(
            String originalId,
            Workflow<R> inputs,
            Map<String, ElectronRef<?>> replacements,
            Reuse reuse,
            List<DispatchListener> listeners) {
        checkOpen();
        return new Dispatch<>(engine.redispatch(originalId, inputs, replacements, reuse, listeners), engine.results());
    }

    /**
     * Reads a dispatch's result from the store: finished, failed or still running.
     *
     * @param dispatchId the dispatch's id
     * @return its result, or empty if the store has no such dispatch
     */
    public Optional<DispatchResult<Object>> result(String dispatchId) {
        checkOpen();
        return engine.store()
                .dispatchLog()
                .dispatch(dispatchId)
                .map(record -> new DispatchResult<>(record, engine.results()));
    }

    /**
     * Explains why a node of a stored dispatch ran or was reused, with the parts of its cache key.
     *
     * @param dispatchId the dispatch
     * @param nodeName the node's name ({@code task1}, {@code task1#2})
     * @return the explanation
     * @throws ValenceException when the dispatch or the node is unknown
     */
    public Explanation explain(String dispatchId, String nodeName) {
        checkOpen();
        return new Explainer(engine.store().dispatchLog(), engine.store().values()).explain(dispatchId, nodeName, null);
    }

    /**
     * Explains a node and compares its cache key with the node of the same name in another
     * dispatch: which of electron, code fingerprint, version and argument fingerprints changed. This
     * is how to debug a cache miss.
     *
     * @param dispatchId the dispatch
     * @param nodeName the node's name
     * @param comparedWith the id of an earlier dispatch
     * @return the explanation with its differences
     * @throws ValenceException when a dispatch or the node is unknown
     */
    public Explanation explain(String dispatchId, String nodeName, String comparedWith) {
        checkOpen();
        return new Explainer(engine.store().dispatchLog(), engine.store().values())
                .explain(dispatchId, nodeName, Objects.requireNonNull(comparedWith, "comparedWith"));
    }

    /**
     * Makes every result recorded so far durable. Needed with {@link CheckpointMode#ON_REQUEST};
     * harmless with the other modes.
     */
    public void checkpoint() {
        checkOpen();
        engine.store().dispatchLog().checkpoint();
    }

    /**
     * @return the bytes the store occupies on disk: database, write-ahead log and blobs (fallbacks
     *     not counted); 0 for a store that keeps nothing on disk
     */
    public long storeSize() {
        checkOpen();
        return engine.store().housekeeping().map(Housekeeping::storeSize).orElse(0L);
    }

    /**
     * Deletes a stored dispatch: its nodes, the child dispatches of its sublattices, and the
     * entries of the key index that point at it, so later dispatches no longer reuse its results.
     * Its values stay until {@link #prune()}.
     *
     * @param dispatchId the dispatch
     * @return whether the store had it
     * @throws ValenceException when the dispatch is running in this instance, or the store cannot
     *     delete
     */
    public boolean deleteDispatch(String dispatchId) {
        checkOpen();
        Objects.requireNonNull(dispatchId, "dispatchId");
        if (engine.isRunning(dispatchId)) {
            throw new ValenceException("dispatch " + dispatchId + " is running; cancel it and wait for its end first");
        }
        return housekeeping("delete dispatches").deleteDispatch(dispatchId);
    }

    /**
     * Deletes the stored values no dispatch refers to any more (after {@link
     * #deleteDispatch(String)}) and the blobs no remaining value refers to. Run it while no other
     * process uses the store: a value another process is storing may lose its blobs.
     *
     * @return what was deleted
     * @throws ValenceException while a dispatch runs in this instance or another process uses the store
     */
    public Pruned prune() {
        checkOpen();
        List<String> unfinished = engine.runningIds();
        if (!unfinished.isEmpty()) {
            throw new ValenceException("cannot prune while dispatches run: " + unfinished);
        }
        if (engine.othersAlive()) {
            throw new ValenceException("cannot prune while another process uses the store");
        }
        return engine.store().housekeeping().map(Housekeeping::prune).orElse(Pruned.NOTHING);
    }

    /**
     * Makes every result durable, then gives the space of deleted records back to the file system
     * (SQLite's {@code VACUUM}); a vacuum rewrites the whole database, so it takes a while on a
     * large store.
     */
    public void vacuum() {
        checkOpen();
        engine.store().dispatchLog().checkpoint();
        engine.store().housekeeping().ifPresent(Housekeeping::vacuum);
    }

    /** @return every stored dispatch, oldest first, without sublattices' child dispatches */
    public List<DispatchSummary> dispatches() {
        checkOpen();
        List<DispatchSummary> summaries = new ArrayList<>();
        for (DispatchRecord record : engine.store().dispatchLog().dispatches()) {
            if (record.parentId() == null) { // a sublattice's child is read through its parent's result
                summaries.add(DispatchSummary.of(record));
            }
        }
        return summaries;
    }

    private Housekeeping housekeeping(String what) {
        return engine.store()
                .housekeeping()
                .orElseThrow(() -> new ValenceException(
                        "the store " + engine.store().getClass().getName() + " cannot " + what
                                + " (it keeps nothing on disk); use the embedded store, Valence.open(folder)"));
    }

    private void checkOpen() {
        if (closed) {
            throw new ValenceException("this Valence instance is closed; open a new one with Valence.open(...)");
        }
    }

    /**
     * Cancels dispatches still running, waits briefly for their running electrons, stops the
     * default pool and closes the store. Named executors passed to the builder belong to the caller
     * and stay open.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            engine.close();
        }
    }
}
