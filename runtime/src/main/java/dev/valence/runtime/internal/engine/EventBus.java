package dev.valence.runtime.internal.engine;

import dev.valence.runtime.DispatchEvent;
import dev.valence.runtime.DispatchListener;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners on one thread of their own, in the order they were posted, so that
 * a slow or failing listener never holds a thread that runs electrons. The thread is started with
 * the first event: an instance without listeners never has one.
 *
 * <p>Posting is a queue insert: while events keep coming, the delivery thread looks at the queue
 * every {@value #ACTIVE_PAUSE_MICROS} µs on its own, so a scheduler thread never pays for waking it
 * (a wake-up per event cost a chain of no-op electrons more than half its time). After {@value
 * #LINGER_MILLIS} ms without events it sleeps until the next event wakes it.
 */
final class EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
    private static final long ACTIVE_PAUSE_MICROS = 500;
    private static final long LINGER_MILLIS = 50;

    /** An event and whom it goes to. */
    private record Delivery(List<DispatchListener> listeners, DispatchEvent event) {}

    private final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();
    /** Set while the delivery thread sleeps until woken: only then does a post wake it. */
    private final AtomicBoolean sleeping = new AtomicBoolean();

    private volatile Thread thread;
    private volatile boolean closed;

    /** Queues an event for the listeners; after close, events are dropped. */
    void post(List<DispatchListener> listeners, DispatchEvent event) {
        if (closed) {
            return;
        }
        queue.add(new Delivery(listeners, event));
        Thread delivery = thread;
        if (delivery == null) {
            delivery = startThread();
        }
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(delivery);
        }
    }

    private synchronized Thread startThread() {
        if (thread == null) {
            thread = new Thread(this::deliverUntilClosed, "valence-events");
            thread.setDaemon(true);
            thread.start();
        }
        return thread;
    }

    private void deliverUntilClosed() {
        long lastEvent = System.nanoTime();
        while (true) {
            boolean delivered = false;
            Delivery next;
            while ((next = queue.poll()) != null) {
                deliver(next.listeners(), next.event());
                delivered = true;
            }
            if (closed && queue.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            if (delivered) {
                lastEvent = now;
            }
            if (now - lastEvent < TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS)) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ACTIVE_PAUSE_MICROS));
            } else {
                // Announce the sleep before the last look: a post after the look sees the flag and wakes us.
                sleeping.set(true);
                if (queue.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                sleeping.set(false);
                lastEvent = System.nanoTime();
            }
        }
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
        Thread delivery;
        synchronized (this) {
            closed = true;
            delivery = thread;
        }
        if (delivery == null) {
            return;
        }
        LockSupport.unpark(delivery);
        try {
            delivery.join(unit.toMillis(timeout));
            if (delivery.isAlive()) {
                LOG.warn("dispatch listeners did not take the last events within {} {}; dropping them", timeout, unit);
                queue.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
