package dev.valence.hazelcast;

import dev.valence.runtime.spi.store.ResultStore;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@link SharedStore} of a test whose workers live in network namespaces. A PostgreSQL schema
 * is reached through a {@link TcpForwarder} on the bridge address, since the server listens on
 * loopback, which is each namespace's own; the workers get the URL rewritten to the forwarder, the
 * coordinator (on this host) the original. A store folder needs nothing: namespaces separate the
 * network, not the file system.
 */
final class NamespacedStore implements AutoCloseable {
    /** A single-host PostgreSQL JDBC URL: its host, its port if given, and the rest. */
    private static final Pattern URL =
            Pattern.compile("jdbc:postgresql://(\\[[^\\]]+\\]|[^/:?,\\[]+)(?::(\\d+))?(/.*)");

    private final SharedStore shared;
    private final TcpForwarder forwarder;
    private final String workers;

    private NamespacedStore(SharedStore shared, TcpForwarder forwarder, String workers) {
        this.shared = shared;
        this.forwarder = forwarder;
        this.workers = workers;
    }

    /** @return the store of one test, forwarded to {@code bridgeAddress} when it is a server */
    static NamespacedStore in(Path work, String bridgeAddress) throws IOException {
        SharedStore shared = SharedStore.in(work);
        if (!shared.isPostgres()) {
            return new NamespacedStore(shared, null, shared.location());
        }
        Matcher url = URL.matcher(shared.location());
        if (!url.matches()) {
            throw new IllegalArgumentException("not a single-host jdbc:postgresql://host[:port]/... URL: "
                    + shared.location().replaceAll("password=[^&]*", "password=..."));
        }
        String host = url.group(1).replaceAll("[\\[\\]]", "");
        int port = url.group(2) == null ? 5432 : Integer.parseInt(url.group(2));
        TcpForwarder forwarder = TcpForwarder.start(bridgeAddress, host, port);
        String workers = "jdbc:postgresql://" + bridgeAddress + ":" + forwarder.port() + url.group(3);
        return new NamespacedStore(shared, forwarder, workers);
    }

    /** @return the location the workers open ({@code --store}) */
    String workerLocation() {
        return workers;
    }

    /** @return the store as this host opens it, anew (the caller closes it) */
    ResultStore open() {
        return shared.open();
    }

    /** @return which store this is, for the console */
    String describe() {
        return forwarder == null
                ? "an embedded store folder (no VALENCE_TEST_POSTGRES_URL)"
                : "PostgreSQL through a forwarder on " + workers.replaceAll("jdbc:postgresql://([^/]+)/.*", "$1");
    }

    @Override
    public void close() throws IOException, SQLException {
        try {
            if (forwarder != null) {
                forwarder.close();
            }
        } finally {
            shared.close();
        }
    }
}
