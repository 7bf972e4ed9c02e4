package dev.valence.runtime.internal.engine;

import dev.valence.runtime.spi.store.ResultStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices cancel requests that other processes left in the store for dispatches running here: one
 * query every {@value #PERIOD_MILLIS} ms while any dispatch runs, none while idle. Processes share
 * nothing but the store, so this is polled, like a lease wait. On a thread of its own, started with
 * the first dispatch: the query waits for the store's lock, and must never delay the timer that
 * renews leases and times electrons out.
 */
final class CancelRequests {
    static final long PERIOD_MILLIS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(CancelRequests.class);

    private final ResultStore store;
    private final Map<String, DispatchRun> running;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> task;
    private boolean closed;
    private boolean failing;

    CancelRequests(ResultStore store, Map<String, DispatchRun> running) {
        this.store = store;
        this.running = running;
    }

    /** Starts looking, once: called at each launch. */
    synchronized void watch() {
        if (task != null || closed) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "valence-cancel-requests");
            thread.setDaemon(true);
            return thread;
        });
        try {
            task = timer.scheduleWithFixedDelay(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closing: nothing runs long enough to be cancelled from elsewhere.
        }
    }

    private void check() {
        List<String> ids = running.entrySet().stream()
                .filter(entry -> !entry.getValue().done().isDone())
                .map(Map.Entry::getKey)
                .toList();
        if (ids.isEmpty()) {
            return;
        }
        try {
            Set<String> asked = store.dispatchLog().cancelRequests(ids);
            for (String id : asked) {
                DispatchRun run = running.get(id);
                if (run != null) {
                    LOG.info("dispatch {} cancelled at the request of another process", id);
                    // Off the timer thread: ending a dispatch waits for its commit.
                    CompletableFuture.runAsync(run::cancel);
                }
            }
            failing = false;
        } catch (RuntimeException e) {
            // Reported once per spell of failures: the next look may succeed, and a log line every
            // half second would bury everything else.
            if (!failing) {
                LOG.warn("cannot read cancel requests from the store; will keep trying", e);
            }
            failing = true;
        }
    }

    synchronized void close() {
        closed = true;
        if (task != null) {
            task.cancel(false);
            timer.shutdownNow();
        }
    }
}
