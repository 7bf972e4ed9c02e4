package dev.valence.runtime;

import dev.valence.runtime.codec.Codecs;
import dev.valence.runtime.codec.ValueCodec;
import dev.valence.runtime.fingerprint.FingerprintAdapter;
import dev.valence.runtime.store.CheckpointMode;
import dev.valence.runtime.store.DispatchRecord;
import dev.valence.runtime.store.LayeredStore;
import dev.valence.runtime.store.NodeRecord;
import dev.valence.runtime.store.Pruned;
import dev.valence.runtime.store.Replacement;
import dev.valence.runtime.store.ResultStore;
import dev.valence.runtime.store.StoredValue;
import dev.valence.runtime.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final ResultStore store;
    private final Values values;
    private final Catalogs catalogs;
    private final ExecutorService defaultPool;
    private final Map<String, Executor> executors;
    private final ScheduledExecutorService timer;
    private final Leases leases;
    private final RunServices services;
    private final Map<String, DispatchRun> running = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private Valence(Builder builder, ResultStore store) {
        this.store = store;
        this.values =
                new Values(store, builder.classLoader, List.copyOf(builder.adapters), List.copyOf(builder.codecs));
        this.catalogs = new Catalogs(builder.classLoader);
        this.defaultPool = Executors.newFixedThreadPool(builder.threads, daemonThreads("valence-worker-"));
        Map<String, Executor> all = new HashMap<>(builder.executors);
        all.put("", defaultPool);
        this.executors = Map.copyOf(all);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("valence-timer-"));
        Clock clock = Clock.systemUTC();
        this.leases = new Leases(store, clock, builder.leasePeriod, timer);
        this.services = new RunServices(
                store,
                values,
                executors::get,
                new ElectronInvoker(timer),
                clock,
                new SingleFlight(),
                leases,
                timer,
                this::startChild);
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
        return start(workflow, workflow.graph(), Objects.requireNonNull(reuse, "reuse"), null, List.of());
    }

    /**
     * Prepares a re-run of a stored dispatch, from this or an earlier process.
     *
     * @param dispatchId the stored dispatch's id
     * @return a redispatch to configure and {@link Redispatch#start() start}
     */
    public Redispatch<Object> redispatch(String dispatchId) {
        return new Redispatch<>(this, Objects.requireNonNull(dispatchId, "dispatchId"));
    }

    /**
     * Prepares a re-run of a dispatch of this process, keeping its result type.
     *
     * @param dispatch the dispatch to re-run
     * @param <R> the result type
     * @return a redispatch to configure and {@link Redispatch#start() start}
     */
    public <R> Redispatch<R> redispatch(Dispatch<R> dispatch) {
        return new Redispatch<>(this, dispatch.id());
    }

    /**
     * Reads a dispatch's result from the store: finished, failed or still running.
     *
     * @param dispatchId the dispatch's id
     * @return its result, or empty if the store has no such dispatch
     */
    public Optional<DispatchResult<Object>> result(String dispatchId) {
        checkOpen();
        return store.dispatch(dispatchId).map(record -> new DispatchResult<>(record, store, values));
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
        return new Explainer(store).explain(dispatchId, nodeName, null);
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
        return new Explainer(store).explain(dispatchId, nodeName, Objects.requireNonNull(comparedWith, "comparedWith"));
    }

    /**
     * Makes every result recorded so far durable. Needed with {@link CheckpointMode#ON_REQUEST};
     * harmless with the other modes.
     */
    public void checkpoint() {
        checkOpen();
        store.checkpoint();
    }

    /**
     * @return the bytes the store occupies on disk: database, write-ahead log and blobs (fallbacks
     *     not counted)
     */
    public long storeSize() {
        checkOpen();
        return store.storeSize();
    }

    /**
     * Deletes a stored dispatch: its nodes, the child dispatches of its sublattices, and the
     * entries of the key index that point at it, so later dispatches no longer reuse its results.
     * Its values stay until {@link #prune()}.
     *
     * @param dispatchId the dispatch
     * @return whether the store had it
     * @throws ValenceException when the dispatch is running in this instance
     */
    public boolean deleteDispatch(String dispatchId) {
        checkOpen();
        Objects.requireNonNull(dispatchId, "dispatchId");
        if (isRunning(dispatchId)) {
            throw new ValenceException("dispatch " + dispatchId + " is running; cancel it and wait for its end first");
        }
        return store.deleteDispatch(dispatchId);
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
        List<String> unfinished =
                running.keySet().stream().filter(this::isRunning).sorted().toList();
        if (!unfinished.isEmpty()) {
            throw new ValenceException("cannot prune while dispatches run: " + unfinished);
        }
        if (store.othersAlive(leases.owner(), Instant.now())) {
            throw new ValenceException("cannot prune while another process uses the store");
        }
        return store.prune();
    }

    /**
     * Makes every result durable, then gives the space of deleted records back to the file system
     * (SQLite's {@code VACUUM}); a vacuum rewrites the whole database, so it takes a while on a
     * large store.
     */
    public void vacuum() {
        checkOpen();
        store.checkpoint();
        store.vacuum();
    }

    /** @return every stored dispatch, oldest first, without sublattices' child dispatches */
    public List<DispatchSummary> dispatches() {
        checkOpen();
        List<DispatchSummary> summaries = new ArrayList<>();
        for (DispatchRecord record : store.dispatches()) {
            if (record.parentId() != null) {
                continue; // a sublattice's child: read it through its parent's result
            }
            summaries.add(new DispatchSummary(
                    record.id(),
                    record.latticeName(),
                    record.latticeId(),
                    record.status(),
                    record.createdAt(),
                    record.endedAt(),
                    record.redispatchOf()));
        }
        return summaries;
    }

    <R> Dispatch<R> startRedispatch(
            String originalId, Workflow<R> newInputs, Map<String, ElectronRef<?>> newReplacements, Reuse reuse) {
        checkOpen();
        DispatchRecord original = store.dispatch(originalId)
                .orElseThrow(() -> new ValenceException("no dispatch with id " + originalId
                        + " in this store; valence.dispatches() lists the stored ones"));
        Workflow<R> base = newInputs != null ? newInputs : storedWorkflow(original);
        if (!base.lattice().id().equals(original.latticeId())) {
            throw new ValenceException("dispatch " + originalId + " ran the lattice " + original.latticeId()
                    + ", but withInputs got a workflow of " + base.lattice().id()
                    + "; pass a workflow of the same lattice, or dispatch the other lattice directly");
        }
        Set<String> called = new TreeSet<>();
        for (Graph.Node node : base.graph().nodes()) {
            if (node.electron() != null) {
                called.add(node.electron().id());
            }
        }
        Map<String, ElectronRef<?>> given = new LinkedHashMap<>();
        for (Map.Entry<String, ElectronRef<?>> replacement : newReplacements.entrySet()) {
            String target = replacement.getKey();
            // Replacing an earlier replacement (stored, or given just before) updates the original electron's entry.
            for (Replacement stored : original.replacements()) {
                if (stored.replacementId().equals(target)) {
                    target = stored.originalId();
                }
            }
            for (Map.Entry<String, ElectronRef<?>> earlier : given.entrySet()) {
                if (earlier.getValue().id().equals(target)) {
                    target = earlier.getKey();
                }
            }
            if (!called.contains(target)) {
                throw new ValenceException("cannot replace " + replacement.getKey() + ": the lattice "
                        + original.latticeName() + " does not call it; it calls " + called);
            }
            given.put(target, replacement.getValue());
        }
        // Stored replacements are looked up only when not given again, so that passing a hand-built
        // replacement again (as the lookup's error advises) works in a new process.
        Map<String, ElectronRef<?>> replacements = new LinkedHashMap<>();
        for (Replacement stored : original.replacements()) {
            if (!given.containsKey(stored.originalId())) {
                replacements.put(
                        stored.originalId(), catalogs.electron(stored.replacementId(), stored.replacementCatalog()));
            }
        }
        replacements.putAll(given);
        given.values().forEach(catalogs::remember);
        List<Replacement> recorded = new ArrayList<>();
        replacements.forEach((from, to) -> recorded.add(new Replacement(from, to.id(), to.catalog())));
        return start(base, base.graph().withReplacements(replacements), reuse, originalId, recorded);
    }

    @SuppressWarnings("unchecked")
    private <R> Workflow<R> storedWorkflow(DispatchRecord original) {
        LatticeRef<?> lattice = catalogs.lattice(original.latticeId(), original.latticeCatalog());
        List<Object> arguments = new ArrayList<>();
        for (NodeRecord node : store.nodes(original.id())) {
            if (node.kind() == Graph.Kind.INPUT) {
                if (node.valueFingerprint() == null) {
                    throw new ValenceException("dispatch " + original.id() + " did not store its input '" + node.name()
                            + "' (it only feeds parameters ignored for the cache, and its type cannot be stored);"
                            + " redispatch with withInputs(...) to pass the inputs again");
                }
                arguments.add(values.load(node.valueFingerprint(), node.type()));
            }
        }
        return (Workflow<R>) lattice.workflow(arguments.toArray());
    }

    private <R> Dispatch<R> start(
            Workflow<R> workflow, Graph graph, Reuse reuse, String redispatchOf, List<Replacement> replacements) {
        return new Dispatch<>(launch(workflow, graph, reuse, redispatchOf, replacements, null, null), this);
    }

    /** Starts a sublattice's graph as a child of a running dispatch (see {@link Graph.Kind#SUBLATTICE}). */
    private DispatchRun startChild(Workflow<?> workflow, Reuse reuse, String parentId, int parentNode) {
        return launch(workflow, workflow.graph(), reuse, null, List.of(), parentId, parentNode);
    }

    private DispatchRun launch(
            Workflow<?> workflow,
            Graph graph,
            Reuse reuse,
            String redispatchOf,
            List<Replacement> replacements,
            String parentId,
            Integer parentNode) {
        checkOpen();
        checkRunnable(graph);
        catalogs.remember(workflow);
        String id = UUID.randomUUID().toString();
        DispatchRun run = new DispatchRun(id, graph, workflow.output(), reuse, services);
        List<StoredValue> literals = run.prepareLiterals();
        LatticeRef<?> lattice = workflow.lattice();
        DispatchRecord record = new DispatchRecord(
                id,
                lattice.id(),
                lattice.name(),
                lattice.catalog(),
                lattice.returnType(),
                workflow.output(),
                DispatchStatus.RUNNING,
                services.clock().instant(),
                null,
                reuse.toString(),
                redispatchOf,
                replacements,
                null,
                parentId,
                parentNode);
        store.createDispatch(record, run.records(), literals);
        running.put(id, run);
        run.done().whenComplete((status, error) -> running.remove(id));
        run.start();
        return run;
    }

    private void checkRunnable(Graph graph) {
        Set<String> missing = new TreeSet<>();
        for (Graph.Node node : graph.nodes()) {
            if (node.kind() == Graph.Kind.ELECTRON) {
                try {
                    values.requireFingerprintable(node.electron());
                } catch (RuntimeException e) {
                    throw new ValenceException("cannot dispatch: " + e.getMessage(), e);
                }
            }
            if (node.electron() != null
                    && !executors.containsKey(node.electron().executor())) {
                missing.add(node.electron().executor() + " (electron "
                        + node.electron().name() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new ValenceException("no executor registered under the names " + missing
                    + "; register them with Valence.builder().executor(name, executor)");
        }
    }

    /**
     * Whether a dispatch of this instance has not ended. Asked of the run itself: the map entry is
     * removed by a callback that may run just after a caller's await() returned.
     */
    private boolean isRunning(String dispatchId) {
        DispatchRun run = running.get(dispatchId);
        return run != null && !run.done().isDone();
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
        if (closed) {
            return;
        }
        closed = true;
        running.values().forEach(DispatchRun::cancel);
        leases.close();
        defaultPool.shutdown();
        timer.shutdownNow();
        try {
            if (!defaultPool.awaitTermination(30, TimeUnit.SECONDS)) {
                defaultPool.shutdownNow();
            }
        } catch (InterruptedException e) {
            defaultPool.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            store.close();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
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
                return new Valence(this, opened.isEmpty() ? main : new LayeredStore(main, opened));
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
