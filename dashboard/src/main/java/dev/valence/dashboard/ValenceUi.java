package dev.valence.dashboard;

import com.sun.net.httpserver.HttpServer;
import dev.valence.runtime.Valence;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The web dashboard of a {@link Valence} instance's store: the dispatch list, each dispatch's
 * graph, timeline and nodes, live while it runs. Served by the JDK's HTTP server.
 *
 * <pre>{@code
 * try (Valence valence = Valence.open(Path.of(".valence"));
 *         ValenceUi ui = ValenceUi.start(valence, 0)) {
 *     System.out.println("dashboard at " + ui.url());
 *     ...
 * }
 * }</pre>
 *
 * <p>Bound to the loopback address by default, where reading needs no token. Bound to another
 * address ({@link #start(Valence, String, int)}), every request needs the {@link #token() access
 * token}: open {@link #url()}, which carries it. Cancel and delete always need it; the page sends
 * it. The instance does not own the {@code Valence}: closing the dashboard leaves it open.
 */
public final class ValenceUi implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;
    private final LiveFeeds feeds;
    private final Access access;
    private final String url;

    private ValenceUi(HttpServer server, ExecutorService threads, LiveFeeds feeds, Access access, String url) {
        this.server = server;
        this.threads = threads;
        this.feeds = feeds;
        this.access = access;
        this.url = url;
    }

    /**
     * Starts the dashboard on the loopback address.
     *
     * @param valence the instance whose store to show
     * @param port the port, 0 for any free one
     * @return the running dashboard
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static ValenceUi start(Valence valence, int port) {
        return start(valence, InetAddress.getLoopbackAddress(), port);
    }

    /**
     * Starts the dashboard on an address; any other than the loopback makes every request need the
     * token.
     *
     * @param valence the instance whose store to show
     * @param bindAddress a host name or address, such as {@code 0.0.0.0} for every interface
     * @param port the port, 0 for any free one
     * @return the running dashboard
     * @throws UncheckedIOException when the address is unknown or the port cannot be bound
     */
    public static ValenceUi start(Valence valence, String bindAddress, int port) {
        try {
            return start(valence, InetAddress.getByName(Objects.requireNonNull(bindAddress, "bindAddress")), port);
        } catch (UnknownHostException e) {
            throw new UncheckedIOException("unknown address to bind the dashboard to: " + bindAddress, e);
        }
    }

    private static ValenceUi start(Valence valence, InetAddress address, int port) {
        return start(valence, address, port, StaticFiles.hasGraphLibraries());
    }

    /** Starts with or without the graph view: tests show what a build without npm serves. */
    static ValenceUi start(Valence valence, InetAddress address, int port, boolean graph) {
        Objects.requireNonNull(valence, "valence");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the dashboard on " + address.getHostAddress() + ":" + port, e);
        }
        Access access = new Access(address);
        LiveFeeds feeds = new LiveFeeds(valence);
        // A thread per request: each live page holds one for its event stream.
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "valence-ui-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/api/", new ApiHandler(valence, access, feeds, graph));
        server.createContext("/", new StaticFiles(access));
        server.start();
        String host = address.isLoopbackAddress()
                ? "127.0.0.1"
                : (address.isAnyLocalAddress() ? "localhost" : address.getHostAddress());
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        String url = "http://" + host + ":" + server.getAddress().getPort() + "/"
                + (address.isLoopbackAddress() ? "" : "?token=" + access.token());
        return new ValenceUi(server, threads, feeds, access, url);
    }

    /** @return the page's address; bound off the loopback, it carries the token */
    public String url() {
        return url;
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @return the access token: needed by every request when bound off the loopback, and by cancel
     *     and delete always (in the {@code X-Valence-Token} header)
     */
    public String token() {
        return access.token();
    }

    /** Stops serving: ends the live streams, then the server. The {@code Valence} stays open. */
    @Override
    public void close() {
        feeds.close();
        server.stop(0);
        threads.shutdownNow();
    }
}
