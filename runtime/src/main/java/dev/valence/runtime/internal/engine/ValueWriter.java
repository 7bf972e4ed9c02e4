package dev.valence.runtime.internal.engine;

import dev.valence.runtime.spi.store.StoredValue;
import dev.valence.runtime.spi.store.ValueStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A worker's group commit: the values of tasks that end close together are stored in one {@code
 * putValues} call (one transaction), on a thread of its own, so that a pool thread hands its value
 * over and runs its next task instead of waiting for a commit. Each task learns that its value is
 * durable (or why not) through its callback, only after the write returned: a worker answers its
 * coordinator only then.
 *
 * <p>A batch that fails is written again value by value, so one value the store refuses fails its
 * own task only.
 */
final class ValueWriter implements AutoCloseable {
    /** Values per transaction, at most: large enough for a wave of no-op tasks, small enough to stay one quick commit. */
    static final int MAX_BATCH = 256;

    private final ValueStore values;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object lock = new Object();
    /** Set under {@link #lock}, which {@link #write} takes too: no value is queued after the thread's last look. */
    private boolean closing;

    /** A value to store, and whom to tell: the callback gets null once stored, or the failure. */
    private record Pending(StoredValue value, Consumer<RuntimeException> done) {}

    /** A marker that wakes the thread when closing. */
    private static final Pending WAKE = new Pending(null, error -> {});

    ValueWriter(ValueStore values, String name) {
        this.values = values;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stores a value with others waiting, then calls {@code done} on the writer's thread: with null
     * once the value is durable, or with the reason it is not.
     */
    void write(StoredValue value, Consumer<RuntimeException> done) {
        synchronized (lock) {
            if (!closing) {
                queue.add(new Pending(value, done));
                return;
            }
        }
        done.accept(new IllegalStateException("the worker is closing; its value was not stored"));
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            batch.remove(WAKE);
            if (!batch.isEmpty()) {
                store(batch);
            }
            batch.clear();
            synchronized (lock) {
                if (closing && queue.isEmpty()) {
                    return;
                }
            }
        }
    }

    private void store(List<Pending> batch) {
        try {
            values.putValues(distinctInOrder(batch));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                tell(batch.get(0), batchFailed);
                return;
            }
            for (Pending one : batch) {
                try {
                    values.putValues(List.of(one.value()));
                    tell(one, null);
                } catch (RuntimeException e) {
                    tell(one, e);
                }
            }
            return;
        }
        for (Pending one : batch) {
            tell(one, null);
        }
    }

    /**
     * Each value once, ordered by fingerprint: two workers' batches then take the rows' locks in
     * the same order and cannot deadlock on each other.
     */
    private static List<StoredValue> distinctInOrder(List<Pending> batch) {
        Map<String, StoredValue> byFingerprint = new LinkedHashMap<>();
        for (Pending one : batch) {
            byFingerprint.putIfAbsent(one.value().fingerprint(), one.value());
        }
        List<StoredValue> ordered = new ArrayList<>(byFingerprint.values());
        ordered.sort(Comparator.comparing(StoredValue::fingerprint));
        return ordered;
    }

    private static void tell(Pending one, RuntimeException error) {
        try {
            one.done().accept(error);
        } catch (RuntimeException e) {
            // A callback's own failure must not stop the writer for the other tasks.
        }
    }

    /** Stores what is waiting, then stops the thread; values written afterwards fail at once. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            queue.add(WAKE);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
