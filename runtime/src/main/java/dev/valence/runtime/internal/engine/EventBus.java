package dev.valence.runtime.internal.engine;

import dev.valence.runtime.DispatchEvent;
import dev.valence.runtime.DispatchListener;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners on one thread of their own, in the order they were posted, so that
 * a slow or failing listener never holds a thread that runs electrons. The thread is started with
 * the first event: an instance without listeners never has one.
 */
final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

    /** An event and whom it goes to. */
    private record Delivery(List<DispatchListener> listeners, DispatchEvent event) {}

    /**
     * Events wait here; one drain task at a time empties the queue, so a burst of events costs one
     * hand-over to the delivery thread, not one per event.
     */
    private final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean draining = new AtomicBoolean();
    private ExecutorService delivery;
    private boolean closed;

    /** Queues an event for the listeners; after close, events are dropped. */
    void post(List<DispatchListener> listeners, DispatchEvent event) {
        queue.add(new Delivery(listeners, event));
        if (draining.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void schedule() {
        ExecutorService executor = executor();
        if (executor == null) {
            queue.clear();
            return;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: the instance is going away and nobody waits for the events.
            queue.clear();
        }
    }

    /** Delivers until the queue is empty, then looks once more: an event posted meanwhile is not stranded. */
    private void drain() {
        while (true) {
            Delivery next;
            while ((next = queue.poll()) != null) {
                deliver(next.listeners(), next.event());
            }
            draining.set(false);
            if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private synchronized ExecutorService executor() {
        if (closed) {
            return null;
        }
        if (delivery == null) {
            delivery = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "valence-events");
                thread.setDaemon(true);
                return thread;
            });
        }
        return delivery;
    }

    private static void deliver(List<DispatchListener> listeners, DispatchEvent event) {
        for (DispatchListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException | Error e) {
                // A listener's bug must not take the others' events away, nor end the thread.
                LOG.warn("the dispatch listener {} threw on {}", listener, event, e);
            }
        }
    }

    /** Delivers the events already posted, waiting at most the given time, and stops the thread. */
    void close(long timeout, TimeUnit unit) {
        ExecutorService executor;
        synchronized (this) {
            closed = true;
            executor = delivery;
        }
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(timeout, unit)) {
                LOG.warn("dispatch listeners did not take the last events within {} {}; dropping them", timeout, unit);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
