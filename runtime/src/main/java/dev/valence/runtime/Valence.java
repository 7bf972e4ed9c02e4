package dev.valence.runtime;

import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Workflow;
import dev.valence.runtime.internal.codec.Codecs;
import dev.valence.runtime.internal.engine.Engine;
import dev.valence.runtime.internal.engine.EngineSettings;
import dev.valence.runtime.internal.store.LayeredStore;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.Housekeeping;
import dev.valence.runtime.spi.store.ResultStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Function;

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
    public static Builder builder() {
        return new Builder();
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
        return new Dispatch<>(engine.dispatch(workflow, Objects.requireNonNull(reuse, "reuse")), engine.results());
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
            String originalId, Workflow<R> inputs, Map<String, ElectronRef<?>> replacements, Reuse reuse) {
        checkOpen();
        return new Dispatch<>(engine.redispatch(originalId, inputs, replacements, reuse), engine.results());
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
        return new Explainer(engine.store().dispatchLog()).explain(dispatchId, nodeName, null);
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
        return new Explainer(engine.store().dispatchLog())
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

    /** Chooses the store folder, the default pool's size, named executors and the class loader. */
    public static final class Builder {
        private Path folder = DEFAULT_FOLDER;
        private int threads = Runtime.getRuntime().availableProcessors();
        private final Map<String, Executor> executors = new HashMap<>();
        private ClassLoader classLoader = defaultClassLoader();
        private ResultStore store;
        private Duration leasePeriod = Duration.ofSeconds(30);
        private CheckpointMode checkpointMode = CheckpointMode.EACH_NODE;
        private final List<FingerprintAdapter<?>> adapters = new ArrayList<>();
        private final List<ValueCodec> codecs = new ArrayList<>();
        private final List<Path> fallbacks = new ArrayList<>();

        private Builder() {}

        private static ClassLoader defaultClassLoader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null ? context : Valence.class.getClassLoader();
        }

        /**
         * @param folder the embedded store's folder (default {@code .valence})
         * @return this builder
         */
        public Builder folder(Path folder) {
            this.folder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /**
         * @param threads the default pool's size (default: the number of processors)
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Registers a named executor for electrons declared {@code @Electron(executor = name)}. The
         * caller keeps ownership and shuts it down.
         *
         * @param name the name electrons use
         * @param executor the executor
         * @return this builder
         */
        public Builder executor(String name, Executor executor) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException(
                        "an executor name must not be empty; the empty name is the default pool");
            }
            executors.put(name, Objects.requireNonNull(executor, "executor"));
            return this;
        }

        /**
         * @param classLoader loads the classes of stored values and generated catalogs (default: the
         *     thread's context class loader)
         * @return this builder
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /**
         * Uses another {@link ResultStore} instead of the embedded SQLite store in {@link #folder};
         * {@link Valence#close()} closes it.
         *
         * @param store the store
         * @return this builder
         */
        public Builder store(ResultStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * How long another process waits before taking over a node this process is computing if
         * this process stops renewing its lease (it died). Leases are renewed every third of the
         * period. Default 30 seconds.
         *
         * @param period the lease period, at least 100 ms
         * @return this builder
         */
        public Builder leasePeriod(Duration period) {
            if (period.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("the lease period must be at least 100 ms, got " + period);
            }
            this.leasePeriod = period;
            return this;
        }

        /**
         * Teaches Valence to fingerprint a type it cannot read by itself (Parsl's {@code
         * id_for_memo}): map each value to a canonical stand-in made of supported values (strings,
         * numbers, lists, records...). Two values with equal stand-ins share cache entries.
         *
         * <pre>{@code
         * Valence.builder().fingerprint(Matrix.class, m -> List.of(m.rows(), m.columns(), m.data()))
         * }</pre>
         *
         * @param type the type (values of subclasses match too)
         * @param canonicalForm maps a value to its stand-in
         * @param <T> the type
         * @return this builder
         */
        public <T> Builder fingerprint(Class<T> type, Function<? super T, ?> canonicalForm) {
            adapters.add(FingerprintAdapter.of(type, canonicalForm));
            return this;
        }

        /**
         * Adds a codec for values the built-in ones store badly or not at all (a matrix type of a
         * numerics library, a protobuf message). User codecs are tried first, in the order added;
         * a value none of them {@linkplain ValueCodec#accepts accepts} goes to the built-in codecs
         * (raw primitive arrays, HDF5, JSON, Java serialization). The codec's name is stored with
         * each value it writes: a process that reads those values needs the same codec.
         *
         * @param codec the codec
         * @return this builder
         * @throws IllegalArgumentException when the name is a built-in codec's or was added before
         */
        public Builder codec(ValueCodec codec) {
            Objects.requireNonNull(codec, "codec");
            String name = Objects.requireNonNull(codec.name(), "codec.name()");
            if (Codecs.BUILT_IN.contains(name)
                    || codecs.stream().anyMatch(c -> c.name().equals(name))) {
                throw new IllegalArgumentException("a codec named '" + name + "' exists already (built-in: "
                        + new TreeSet<>(Codecs.BUILT_IN) + "); give "
                        + codec.getClass().getName()
                        + " a name of its own: it is stored with every value the codec writes");
            }
            codecs.add(codec);
            return this;
        }

        /**
         * Chooses when the embedded store makes results durable, and so what a crash may lose (see
         * {@link CheckpointMode}). Default {@link CheckpointMode#EACH_NODE}.
         *
         * @param mode the checkpoint mode
         * @return this builder
         */
        public Builder checkpoint(CheckpointMode mode) {
            this.checkpointMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * Adds an earlier store folder as a read-only fallback (Parsl's {@code load_checkpoints}): a
         * node whose key misses in the main store reuses a result found there, consulting the
         * fallbacks in the order added. Nothing is ever written to a fallback; the reused value is
         * copied into the main store, so later processes do not need the fallback.
         *
         * @param folder an existing store folder
         * @return this builder
         */
        public Builder fallback(Path folder) {
            fallbacks.add(Objects.requireNonNull(folder, "folder"));
            return this;
        }

        /**
         * Opens the store and starts the pool.
         *
         * @return the instance
         */
        public Valence open() {
            List<ResultStore> opened = new ArrayList<>();
            try {
                // Fallbacks first: a missing one fails before the main folder is created.
                for (Path fallback : fallbacks) {
                    opened.add(SqliteStore.openReadOnly(fallback));
                }
                ResultStore main = store != null ? store : SqliteStore.open(folder, checkpointMode);
                ResultStore layered = opened.isEmpty() ? main : new LayeredStore(main, opened);
                return new Valence(new Engine(
                        new EngineSettings(layered, classLoader, threads, executors, leasePeriod, adapters, codecs)));
            } catch (RuntimeException e) {
                for (ResultStore fallback : opened) {
                    try {
                        fallback.close();
                    } catch (RuntimeException closing) {
                        e.addSuppressed(closing);
                    }
                }
                throw e;
            }
        }
    }
}
