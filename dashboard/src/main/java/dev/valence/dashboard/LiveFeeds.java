package dev.valence.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events of a dispatch's node changes. The public API gives a {@code Valence} one is
 * handed no way to add a listener, and a dispatch may run in another process, so the server reads
 * the store: one reader per watched dispatch, every {@link #PERIOD} (or twice as long as a read
 * takes, for large dispatches), however many pages watch it,
 * and sends each page only what changed. A new subscriber first gets the whole state of the last
 * read, so nothing falls between the page's first fetch and its subscription.
 */
final class LiveFeeds implements AutoCloseable {
    static final Duration PERIOD = Duration.ofMillis(500);
    private static final long HEARTBEAT_SECONDS = 15;
    private static final String CLOSE = "";
    private static final Logger LOG = LoggerFactory.getLogger(LiveFeeds.class);

    private final Valence valence;
    private final ScheduledExecutorService poller;
    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private volatile boolean closed;

    LiveFeeds(Valence valence) {
        this.valence = valence;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "valence-ui-poll");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Streams a dispatch's changes to one page until the dispatch ends, the page leaves or the server closes. */
    void serve(HttpExchange exchange, String dispatchId) throws IOException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Feed feed;
        synchronized (feeds) {
            if (closed) {
                Answers.error(exchange, 503, "the dashboard is closing");
                return;
            }
            feed = feeds.computeIfAbsent(dispatchId, Feed::new);
            if (!feed.subscribe(queue)) {
                Answers.error(exchange, 404, "no dispatch " + dispatchId);
                return;
            }
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            while (true) {
                String event = queue.poll(HEARTBEAT_SECONDS, TimeUnit.SECONDS);
                if (event == null) {
                    event = ": still here\n\n"; // a comment: finds a page that left without a word
                }
                if (event.equals(CLOSE)) {
                    break;
                }
                out.write(event.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException pageLeft) {
            LOG.debug("a page watching {} left: {}", dispatchId, pageLeft.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            feed.unsubscribe(queue);
        }
    }

    @Override
    public void close() {
        synchronized (feeds) {
            closed = true;
            feeds.values().forEach(Feed::stop);
            feeds.clear();
        }
        poller.shutdownNow();
    }

    /** One dispatch's reader and the pages that watch it. */
    private final class Feed {
        private final String dispatchId;
        private final Set<BlockingQueue<String>> subscribers = ConcurrentHashMap.newKeySet();
        private NodeStates last;
        private ScheduledFuture<?> task;
        private boolean ended;

        Feed(String dispatchId) {
            this.dispatchId = dispatchId;
        }

        /** @return false when the store has no such dispatch */
        synchronized boolean subscribe(BlockingQueue<String> queue) {
            if (last == null && !read()) {
                feeds.remove(dispatchId);
                return false;
            }
            queue.add(event("snapshot", last, null));
            if (ended) {
                queue.add(event("end", last, last));
                queue.add(CLOSE);
                return true;
            }
            subscribers.add(queue);
            if (task == null) {
                task = poller.schedule(this::poll, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            }
            return true;
        }

        synchronized void unsubscribe(BlockingQueue<String> queue) {
            subscribers.remove(queue);
            if (subscribers.isEmpty()) {
                stop();
                synchronized (feeds) {
                    feeds.remove(dispatchId, this);
                }
            }
        }

        synchronized void stop() {
            if (task != null) {
                task.cancel(false);
                task = null;
            }
            subscribers.forEach(queue -> queue.add(CLOSE));
        }

        private synchronized void poll() {
            long start = System.nanoTime();
            try {
                NodeStates before = last;
                if (!read()) {
                    broadcast("event: gone\ndata: {}\n\n");
                    ended = true;
                } else if (ended) {
                    broadcast(event("nodes", last, before));
                    broadcast(event("end", last, last));
                } else {
                    String changes = event("nodes", last, before);
                    if (changes != null) {
                        broadcast(changes);
                    }
                }
            } catch (RuntimeException e) {
                // The next read may work (a store busy for a moment); the page keeps its last state meanwhile.
                LOG.warn("reading dispatch {} for the dashboard failed: {}", dispatchId, e.toString());
            }
            if (ended) {
                stop();
            } else if (task != null) {
                // A read of a large dispatch takes a while: waiting twice as long keeps the reader under half a core.
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                task = poller.schedule(this::poll, Math.max(PERIOD.toMillis(), 2 * took), TimeUnit.MILLISECONDS);
            }
        }

        private void broadcast(String event) {
            if (event != null) {
                subscribers.forEach(queue -> queue.add(event));
            }
        }

        /** @return false when the dispatch is gone from the store */
        private boolean read() {
            Optional<DispatchResult<Object>> result = valence.result(dispatchId);
            if (result.isEmpty()) {
                return false;
            }
            last = NodeStates.of(result.get());
            ended = last.ended();
            return true;
        }
    }

    /**
     * @return the event, or null for a "nodes" event with nothing new. An "end" event names the
     *     final status (and is sent with {@code before == now}, so carries no nodes).
     */
    private static String event(String name, NodeStates now, NodeStates before) {
        StringWriter data = new StringWriter();
        int changed;
        try (JsonGenerator json = Answers.JSON.createGenerator(data)) {
            changed = now.writeChanges(json, before);
        } catch (IOException e) {
            throw new IllegalStateException("writing to a string failed", e);
        }
        if (name.equals("nodes")
                && changed == 0
                && before != null
                && before.dispatchStatus.equals(now.dispatchStatus)) {
            return null;
        }
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
