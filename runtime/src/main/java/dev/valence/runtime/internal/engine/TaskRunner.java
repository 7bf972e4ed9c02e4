package dev.valence.runtime.internal.engine;

import dev.valence.runtime.OutputCapture;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.execution.TaskResult;
import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import dev.valence.runtime.spi.store.CapturedOutput;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.Scratch;
import dev.valence.runtime.spi.store.StoredValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * A worker's half of a remote node: finds the electron, checks that its code is the coordinator's,
 * reads the arguments from the shared store, calls the electron with its retries and timeout,
 * fingerprints, encodes and stores the value, and answers with the fingerprint. It records nothing
 * about the dispatch: the coordinator does, from the answer.
 */
public final class TaskRunner implements AutoCloseable {
    /** Cancels of tasks this worker has not seen yet (or has finished) kept, at most. */
    private static final int EARLY_CANCELS = 10_000;

    private final ResultStore store;
    private final String workerId;
    private final Values values;
    private final Catalogs catalogs;
    private final ScheduledExecutorService timer;
    private final ElectronInvoker invoker;
    private final ConsoleCapture console;
    private final ValueWriter writer;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Set<String> cancelledEarly =
            Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<String, Boolean>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > EARLY_CANCELS;
                }
            }));

    /**
     * @param store the shared store, which {@link #close()} closes
     * @param classLoader loads generated catalogs and values' classes
     * @param adapters fingerprint adapters, the coordinator's
     * @param codecs user codecs, the coordinator's
     * @param output what happens to what electrons print
     * @param electrons electrons known without a catalog (built by hand)
     * @param workerId this worker's name in answers and messages
     */
    public TaskRunner(
            ResultStore store,
            ClassLoader classLoader,
            List<FingerprintAdapter<?>> adapters,
            List<ValueCodec> codecs,
            OutputCapture output,
            List<ElectronRef<?>> electrons,
            String workerId) {
        this.store = store;
        this.workerId = workerId;
        this.values = new Values(new CachedValueReads(store), classLoader, adapters, codecs);
        this.catalogs = new Catalogs(classLoader);
        electrons.forEach(catalogs::remember);
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "valence-worker-timer");
            thread.setDaemon(true);
            return thread;
        });
        this.invoker = new ElectronInvoker(timer);
        this.console = new ConsoleCapture(output);
        this.writer = new ValueWriter(store.values(), "valence-worker-values-" + workerId);
    }

    /** @return the worker's name */
    public String workerId() {
        return workerId;
    }

    /**
     * Runs a task on the calling thread, which {@link #cancel} interrupts, and waits until its
     * value is stored.
     *
     * @param task the task
     * @return the answer; never throws for a failure of the task
     */
    public TaskResult run(RemoteTask task) {
        CompletableFuture<TaskResult> answer = new CompletableFuture<>();
        run(task, answer::complete);
        return answer.join();
    }

    /**
     * Runs a task's electron on the calling thread, which {@link #cancel} interrupts, and returns
     * as soon as its value is handed to the writer: the answer comes once the value is durable, on
     * the writer's thread (or on the calling thread, for a failure or a replaced value), so the
     * calling thread can run the next task meanwhile and tasks ending together share a commit.
     *
     * @param task the task
     * @param answer gets the answer, exactly once; never a thrown failure of the task
     */
    public void run(RemoteTask task, Consumer<TaskResult> answer) {
        TaskResult now = start(task, answer);
        if (now != null) {
            answer.accept(now);
        }
    }

    /** Runs the electron; returns the answer, or null when {@code later} will get it once the value is stored. */
    private TaskResult start(RemoteTask task, Consumer<TaskResult> later) {
        Instant started = Instant.now();
        Running mine = new Running(Thread.currentThread());
        if (running.putIfAbsent(task.taskId(), mine) != null) {
            return failed(
                    task,
                    started,
                    0,
                    null,
                    new ValenceException("worker " + workerId + " is running task " + task.taskId()
                            + " already; a coordinator sent it twice"));
        }
        try {
            if (cancelledEarly.remove(task.taskId())) {
                return failed(task, started, 0, null, new CancellationException("the task was cancelled"));
            }
            ElectronRef<?> electron;
            Object[] arguments;
            try {
                electron = electron(task);
                arguments = arguments(task);
            } catch (RuntimeException e) {
                return failed(task, started, 0, null, e);
            }
            Scratch.Binding scratch = Scratch.bind(store.scratchFolder().orElse(null));
            try {
                return call(task, electron, arguments, mine, started, later);
            } finally {
                scratch.close();
            }
        } finally {
            running.remove(task.taskId(), mine);
            synchronized (mine) {
                mine.thread = null;
            }
            // A cancel's interrupt was meant for the electron, not for the pool thread's next task.
            Thread.interrupted();
        }
    }

    /**
     * Interrupts a task (a command is killed with its process tree); a task not yet started here
     * will not run.
     *
     * @param taskId the task's id
     * @return whether the task was running here
     */
    public boolean cancel(String taskId) {
        Running task = running.get(taskId);
        if (task == null) {
            cancelledEarly.add(taskId);
            return false;
        }
        synchronized (task) {
            task.cancelled = true;
            if (task.thread != null) {
                task.thread.interrupt();
            }
        }
        return true;
    }

    private ElectronRef<?> electron(RemoteTask task) {
        ElectronRef<?> electron = catalogs.electron(task.electronId(), task.catalog());
        String here = electron.codeFingerprint();
        if (!here.equals(task.codeFingerprint())) {
            int hash = task.electronId().indexOf('#');
            String className = hash < 0 ? task.electronId() : task.electronId().substring(0, hash);
            throw new ValenceException("worker " + workerId + " refuses node " + task.nodeName() + ": electron "
                    + electron.name() + " of class " + className + " has code fingerprint " + here
                    + " on this worker but " + task.codeFingerprint()
                    + " on the coordinator; start the worker with the coordinator's jars");
        }
        return electron;
    }

    private Object[] arguments(RemoteTask task) {
        Object[] arguments = new Object[task.argumentFingerprints().size()];
        for (int i = 0; i < arguments.length; i++) {
            String fingerprint = task.argumentFingerprints().get(i);
            RemoteTask.Inline inline = task.inlined().get(i);
            arguments[i] = inline != null
                    ? values.decode(inline, fingerprint, task.argumentTypes().get(i))
                    : values.load(fingerprint, task.argumentTypes().get(i));
        }
        return arguments;
    }

    private TaskResult call(
            RemoteTask task,
            ElectronRef<?> electron,
            Object[] arguments,
            Running mine,
            Instant started,
            Consumer<TaskResult> later) {
        int[] attempts = {0};
        ElectronInvoker.Attempts report = new ElectronInvoker.Attempts() {
            @Override
            public boolean starting(int attempt) {
                attempts[0] = attempt;
                synchronized (mine) {
                    return !mine.cancelled;
                }
            }

            @Override
            public void retrying(int attempt, Exception error, Duration delay) {
                // The coordinator learns the attempts from the answer.
            }
        };
        Object result;
        ConsoleCapture.NodeOutput output = console.begin();
        CapturedOutput captured;
        try {
            result = invoker.invoke(electron, arguments, report);
        } catch (Throwable e) {
            captured = ConsoleCapture.end(output);
            boolean cancelled;
            synchronized (mine) {
                cancelled = mine.cancelled;
            }
            if (cancelled) {
                return failed(
                        task, started, attempts[0], captured, new CancellationException("the task was cancelled"));
            }
            return answer(task, TaskResult.Outcome.ELECTRON_FAILED, null, started, attempts[0], captured, e);
        }
        captured = ConsoleCapture.end(output);
        try {
            String fingerprint = values.fingerprint(result);
            StoredValue stored = values.encode(result, fingerprint, task.resultType());
            int attempt = attempts[0];
            if (fingerprint.equals(task.replaces())) {
                store.values().replaceValue(stored);
                return answer(task, TaskResult.Outcome.COMPUTED, fingerprint, started, attempt, captured, null);
            }
            writer.write(
                    stored,
                    error -> later.accept(
                            error == null
                                    ? answer(
                                            task,
                                            TaskResult.Outcome.COMPUTED,
                                            fingerprint,
                                            started,
                                            attempt,
                                            captured,
                                            null)
                                    : failed(task, started, attempt, captured, error)));
            return null;
        } catch (RuntimeException e) {
            return failed(task, started, attempts[0], captured, e);
        }
    }

    private TaskResult failed(RemoteTask task, Instant started, int attempts, CapturedOutput output, Throwable e) {
        return answer(task, TaskResult.Outcome.FAILED, null, started, attempts, output, e);
    }

    private TaskResult answer(
            RemoteTask task,
            TaskResult.Outcome outcome,
            String fingerprint,
            Instant started,
            int attempts,
            CapturedOutput output,
            Throwable error) {
        return new TaskResult(
                task.taskId(),
                outcome,
                fingerprint,
                workerId,
                attempts,
                started,
                Instant.now(),
                output == null ? null : output(output.stdout()),
                output == null ? null : output(output.stderr()),
                error == null ? null : error.getClass().getName(),
                error == null ? null : error.getMessage(),
                error == null ? null : Failures.stackTrace(error));
    }

    private static TaskResult.Output output(CapturedOutput.Stream stream) {
        return new TaskResult.Output(stream.text(), stream.bytes(), stream.truncated());
    }

    /** Stores the values still waiting (answering their tasks), stops the timer and closes the store. */
    @Override
    public void close() {
        writer.close();
        timer.shutdownNow();
        store.close();
    }

    /** A task running here: its thread, until it ends, and whether it was cancelled. */
    private static final class Running {
        Thread thread;
        boolean cancelled;

        Running(Thread thread) {
            this.thread = thread;
        }
    }
}
