package dev.valence.runtime;

import dev.valence.runtime.internal.codec.Codecs;
import dev.valence.runtime.internal.engine.Engine;
import dev.valence.runtime.internal.engine.EngineSettings;
import dev.valence.runtime.internal.store.LayeredStore;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.execution.RemoteExecutor;
import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import dev.valence.runtime.spi.store.ResultStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Executor;
import java.util.function.Function;

/** Chooses the store folder, the default pool's size, named executors and the class loader. */
public final class ValenceBuilder {
    private Path folder = Valence.DEFAULT_FOLDER;
    private int threads = Runtime.getRuntime().availableProcessors();
    private final Map<String, Executor> executors = new HashMap<>();
    private final Map<String, RemoteExecutor> remoteExecutors = new HashMap<>();
    private ClassLoader classLoader = defaultClassLoader();
    private ResultStore store;
    private Duration leasePeriod = Duration.ofSeconds(30);
    /** Null until chosen: only the embedded store has checkpoint modes, and {@link #open()} refuses a mode with {@link #store}. */
    private CheckpointMode checkpointMode;

    private final List<FingerprintAdapter<?>> adapters = new ArrayList<>();
    private final List<ValueCodec> codecs = new ArrayList<>();
    private final List<DispatchListener> listeners = new ArrayList<>();
    private OutputCapture output = OutputCapture.CAPTURE_AND_PRINT;
    private final List<Path> fallbacks = new ArrayList<>();

    ValenceBuilder() {}

    private static ClassLoader defaultClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : Valence.class.getClassLoader();
    }

    /**
     * @param folder the embedded store's folder (default {@code .valence})
     * @return this builder
     */
    public ValenceBuilder folder(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
        return this;
    }

    /**
     * @param threads the default pool's size (default: the number of processors)
     * @return this builder
     */
    public ValenceBuilder threads(int threads) {
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
    public ValenceBuilder executor(String name, Executor executor) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(
                    "an executor name must not be empty; the empty name is the default pool");
        }
        executors.put(name, Objects.requireNonNull(executor, "executor"));
        remoteExecutors.remove(name);
        return this;
    }

    /**
     * Registers a remote executor for electrons declared {@code @Electron(executor = name)}: their
     * calls run on workers (see {@link ValenceWorker}), which read the arguments from and write the
     * values to this instance's store, so it must be one they share. Planning, reuse, single flight
     * and the node records stay in this process. The caller keeps ownership and closes it.
     *
     * @param name the name electrons use
     * @param executor the remote executor
     * @return this builder
     */
    public ValenceBuilder executor(String name, RemoteExecutor executor) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a remote executor name must not be empty; to run every electron"
                    + " without an executor of its own remotely, use defaultExecutor(remoteExecutor)");
        }
        remoteExecutors.put(name, Objects.requireNonNull(executor, "executor"));
        executors.remove(name);
        return this;
    }

    /**
     * Runs every electron declared without an executor of its own on a remote executor instead of
     * the default pool (see {@link #executor(String, RemoteExecutor)}).
     *
     * @param executor the remote executor
     * @return this builder
     */
    public ValenceBuilder defaultExecutor(RemoteExecutor executor) {
        remoteExecutors.put("", Objects.requireNonNull(executor, "executor"));
        return this;
    }

    /**
     * @param classLoader loads the classes of stored values and generated catalogs (default: the
     *     thread's context class loader)
     * @return this builder
     */
    public ValenceBuilder classLoader(ClassLoader classLoader) {
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
    public ValenceBuilder store(ResultStore store) {
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
    public ValenceBuilder leasePeriod(Duration period) {
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
    public <T> ValenceBuilder fingerprint(Class<T> type, Function<? super T, ?> canonicalForm) {
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
    public ValenceBuilder codec(ValueCodec codec) {
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
     * {@link CheckpointMode}). Default {@link CheckpointMode#EACH_NODE}. Only for the embedded
     * store: {@link #open()} refuses it together with {@link #store(ResultStore)}.
     *
     * @param mode the checkpoint mode
     * @return this builder
     */
    public ValenceBuilder checkpoint(CheckpointMode mode) {
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
    public ValenceBuilder fallback(Path folder) {
        fallbacks.add(Objects.requireNonNull(folder, "folder"));
        return this;
    }

    /**
     * Adds a listener of every dispatch of the instance: dispatch and node events, delivered on a
     * thread of their own in the order they happened (see {@link DispatchListener}).
     *
     * @param listener the listener
     * @return this builder
     */
    public ValenceBuilder listener(DispatchListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Chooses what happens to what Java electrons print to {@code System.out} and {@code
     * System.err}: captured per node and printed (the default), captured only, or left alone.
     *
     * @param capture the choice; see {@link OutputCapture} for how capture works
     * @return this builder
     */
    public ValenceBuilder output(OutputCapture capture) {
        this.output = Objects.requireNonNull(capture, "capture");
        return this;
    }

    /**
     * Opens the store and starts the pool.
     *
     * @return the instance
     * @throws IllegalStateException when both {@link #checkpoint(CheckpointMode)} and {@link
     *     #store(ResultStore)} were given
     */
    public Valence open() {
        if (store != null && checkpointMode != null) {
            // Silently ignoring the mode would promise a durability the given store may not keep.
            throw new IllegalStateException("checkpoint(" + checkpointMode + ") cannot be combined with store("
                    + store.getClass().getName() + "): checkpoint modes belong to the embedded store, and a"
                    + " store given to store(...) decides itself when its results are durable; remove"
                    + " checkpoint(...), or remove store(...) to use the embedded store in folder(...)");
        }
        List<ResultStore> opened = new ArrayList<>();
        try {
            // Fallbacks first: a missing one fails before the main folder is created.
            for (Path fallback : fallbacks) {
                opened.add(SqliteStore.openReadOnly(fallback));
            }
            ResultStore main = store != null
                    ? store
                    : SqliteStore.open(folder, checkpointMode != null ? checkpointMode : CheckpointMode.EACH_NODE);
            ResultStore layered = opened.isEmpty() ? main : new LayeredStore(main, opened);
            return Valence.of(new Engine(new EngineSettings(
                    layered,
                    classLoader,
                    threads,
                    executors,
                    remoteExecutors,
                    leasePeriod,
                    adapters,
                    codecs,
                    listeners,
                    output)));
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
