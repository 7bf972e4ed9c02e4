package dev.valence.runtime;

import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.internal.codec.Codecs;
import dev.valence.runtime.internal.engine.TaskRunner;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.execution.RemoteExecutor;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.execution.TaskResult;
import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import dev.valence.runtime.spi.store.ResultStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the tasks a {@link RemoteExecutor} sends: the worker side of a cluster. Given a {@link
 * RemoteTask}, it finds the electron (in the generated catalog the task names, or among the
 * electrons given to {@link Builder#electron}), refuses it when the electron's code fingerprint
 * here differs from the coordinator's, reads and decodes the arguments from the shared store,
 * calls the electron with its retries and timeout, captures what it prints, and stores the value
 * (and a command's files) in the store before answering with the value's fingerprint. It records
 * nothing about dispatches: the coordinator does.
 *
 * <pre>{@code
 * try (ValenceWorker worker = ValenceWorker.builder().store(Stores.open(location)).open()) {
 *     TaskResult answer = worker.run(task);
 * }
 * }</pre>
 *
 * <p>A worker needs the application's jars on its class path, and the coordinator's fingerprint
 * adapters and codecs. {@link #run} is safe to call from many threads at once.
 */
public final class ValenceWorker implements AutoCloseable {
    private final TaskRunner runner;

    private ValenceWorker(TaskRunner runner) {
        this.runner = runner;
    }

    /** @return a builder; {@link Builder#store} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return this worker's name, as its answers carry it */
    public String id() {
        return runner.workerId();
    }

    /**
     * Runs a task on the calling thread, and waits until its value is stored.
     *
     * @param task the task
     * @return the answer: the stored value's fingerprint, or the failure (never thrown)
     */
    public TaskResult run(RemoteTask task) {
        return runner.run(Objects.requireNonNull(task, "task"));
    }

    /**
     * Runs a task's electron on the calling thread and returns once its value is handed to the
     * worker's writer; the answer follows when the value is durable, from the writer's thread. A
     * pool thread thus runs its next task while the value is committed, and the values of tasks
     * that end together are stored in one transaction: what a worker serving many small tasks
     * calls. Failures are answered at once, on the calling thread.
     *
     * @param task the task
     * @param answer gets the answer exactly once: the stored value's fingerprint, or the failure
     *     (never thrown)
     */
    public void run(RemoteTask task, Consumer<TaskResult> answer) {
        runner.run(Objects.requireNonNull(task, "task"), Objects.requireNonNull(answer, "answer"));
    }

    /**
     * Interrupts a running task, or keeps a task that has not arrived yet from running.
     *
     * @param taskId the task's id
     * @return whether the task was running here
     */
    public boolean cancel(String taskId) {
        return runner.cancel(taskId);
    }

    /**
     * Stores the values still waiting (their tasks are answered), then closes the store. Tasks
     * still running are the caller's to stop first.
     */
    @Override
    public void close() {
        runner.close();
    }

    /** Chooses the worker's store, name, class loader, known electrons, adapters and codecs. */
    public static final class Builder {
        private ResultStore store;
        private String id = "worker-" + UUID.randomUUID().toString().substring(0, 8);
        private ClassLoader classLoader = defaultClassLoader();
        private final List<ElectronRef<?>> electrons = new ArrayList<>();
        private final List<FingerprintAdapter<?>> adapters = new ArrayList<>();
        private final List<ValueCodec> codecs = new ArrayList<>();
        private OutputCapture output = OutputCapture.CAPTURE_ONLY;

        private Builder() {}

        private static ClassLoader defaultClassLoader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null ? context : ValenceWorker.class.getClassLoader();
        }

        /**
         * @param store the store the coordinators use ({@link Stores#open(String)}); the worker closes it
         * @return this builder
         */
        public Builder store(ResultStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /**
         * @param id the worker's name in answers and node reasons (default: {@code worker-} and a random suffix)
         * @return this builder
         */
        public Builder id(String id) {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("a worker id must not be empty");
            }
            this.id = id;
            return this;
        }

        /**
         * @param classLoader loads generated catalogs and values' classes (default: the thread's
         *     context class loader)
         * @return this builder
         */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /**
         * Makes an electron known without its catalog: one built by hand, which no catalog lists.
         *
         * @param electron the electron
         * @return this builder
         */
        public Builder electron(ElectronRef<?> electron) {
            electrons.add(Objects.requireNonNull(electron, "electron"));
            return this;
        }

        /**
         * The coordinator's fingerprint adapter, as {@link ValenceBuilder#fingerprint}: the worker
         * fingerprints values as the coordinator does.
         *
         * @param type the type
         * @param canonicalForm maps a value to its stand-in
         * @param <T> the type
         * @return this builder
         */
        public <T> Builder fingerprint(Class<T> type, Function<? super T, ?> canonicalForm) {
            adapters.add(FingerprintAdapter.of(type, canonicalForm));
            return this;
        }

        /**
         * The coordinator's codec, as {@link ValenceBuilder#codec}.
         *
         * @param codec the codec
         * @return this builder
         */
        public Builder codec(ValueCodec codec) {
            Objects.requireNonNull(codec, "codec");
            String name = Objects.requireNonNull(codec.name(), "codec.name()");
            if (Codecs.BUILT_IN.contains(name)
                    || codecs.stream().anyMatch(c -> c.name().equals(name))) {
                throw new IllegalArgumentException("a codec named '" + name + "' exists already (built-in: "
                        + new TreeSet<>(Codecs.BUILT_IN) + "); give "
                        + codec.getClass().getName()
                        + " a name of its own");
            }
            codecs.add(codec);
            return this;
        }

        /**
         * @param capture what happens to what electrons print (default {@link
         *     OutputCapture#CAPTURE_ONLY}: the coordinator records it with the node)
         * @return this builder
         */
        public Builder output(OutputCapture capture) {
            this.output = Objects.requireNonNull(capture, "capture");
            return this;
        }

        /**
         * @return the worker
         * @throws IllegalStateException when no store was given
         */
        public ValenceWorker open() {
            if (store == null) {
                throw new IllegalStateException(
                        "a worker needs the coordinators' store: call store(Stores.open(location))" + " before open()");
            }
            return new ValenceWorker(new TaskRunner(store, classLoader, adapters, codecs, output, electrons, id));
        }
    }
}
