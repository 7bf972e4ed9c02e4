package dev.valence.hazelcast;

import dev.valence.runtime.ValenceWorker;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.execution.TaskResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What a worker member runs: tasks go to a local pool of its own size, and their answers wait in
 * an inbox per coordinator until the coordinator collects them. Answers stream back this way, one
 * long poll per coordinator and member, instead of one reply per task or a reply per batch that
 * waits for its slowest task.
 */
final class WorkerService {
    /** The key of this service in the member's user context, where the protocol's calls find it. */
    static final String KEY = "valence.worker.service";

    /** An inbox no coordinator collected for this long belongs to a coordinator that died: dropped. */
    private static final Duration ABANDONED = Duration.ofMinutes(10);

    private final ValenceWorker worker;
    private final ExecutorService pool;
    private final int threads;
    private final Map<String, Inbox> inboxes = new ConcurrentHashMap<>();

    WorkerService(ValenceWorker worker, ExecutorService pool, int threads) {
        this.worker = worker;
        this.pool = pool;
        this.threads = threads;
    }

    int threads() {
        return threads;
    }

    String workerId() {
        return worker.id();
    }

    /** Queues tasks on the local pool; their answers go to the coordinator's inbox. */
    void submit(String coordinator, List<RemoteTask> tasks) {
        Inbox inbox = inbox(coordinator);
        for (RemoteTask task : tasks) {
            try {
                pool.execute(() -> run(task, inbox.answers::add));
            } catch (RejectedExecutionException e) {
                inbox.answers.add(refused(task, e));
            }
        }
    }

    /**
     * Runs a task; its answer reaches the inbox once its value is stored, from the worker's writer,
     * while this pool thread goes on to the next task.
     */
    private void run(RemoteTask task, Consumer<TaskResult> answer) {
        AtomicBoolean answered = new AtomicBoolean();
        Consumer<TaskResult> once = result -> {
            if (answered.compareAndSet(false, true)) {
                answer.accept(result);
            }
        };
        try {
            worker.run(task, once);
        } catch (Throwable e) {
            // run() answers every failure of the task itself; this is the worker failing around it.
            once.accept(refused(task, e));
        }
    }

    private TaskResult refused(RemoteTask task, Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        Instant now = Instant.now();
        return new TaskResult(
                task.taskId(),
                TaskResult.Outcome.FAILED,
                null,
                worker.id(),
                0,
                now,
                now,
                null,
                null,
                e.getClass().getName(),
                "worker " + worker.id() + " could not run the task: " + e.getMessage(),
                trace.toString());
    }

    /**
     * Waits for at least one answer, then takes every answer ready.
     *
     * @return the answers, empty when none came within the wait
     */
    ArrayList<TaskResult> collect(String coordinator, Duration wait) throws InterruptedException {
        Inbox inbox = inbox(coordinator);
        ArrayList<TaskResult> ready = new ArrayList<>();
        TaskResult first = inbox.answers.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (first != null) {
            ready.add(first);
            inbox.answers.drainTo(ready);
        }
        inbox.touched = System.nanoTime();
        return ready;
    }

    void cancel(List<String> taskIds) {
        taskIds.forEach(worker::cancel);
    }

    private Inbox inbox(String coordinator) {
        long now = System.nanoTime();
        inboxes.values().removeIf(inbox -> now - inbox.touched > ABANDONED.toNanos());
        Inbox inbox = inboxes.computeIfAbsent(coordinator, c -> new Inbox());
        inbox.touched = now;
        return inbox;
    }

    /** Stops the pool (interrupting running electrons) and closes the worker's store. */
    void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.close();
    }

    /** Answers for one coordinator. */
    private static final class Inbox {
        final LinkedBlockingQueue<TaskResult> answers = new LinkedBlockingQueue<>();
        volatile long touched = System.nanoTime();
    }
}
