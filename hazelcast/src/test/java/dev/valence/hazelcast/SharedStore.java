package dev.valence.hazelcast;

import static org.junit.jupiter.api.Assertions.fail;

import dev.valence.runtime.Stores;
import dev.valence.runtime.spi.store.ResultStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The store a cluster test's coordinator and workers share, by location: a PostgreSQL schema of its
 * own on the server in {@code VALENCE_TEST_POSTGRES_URL} (dropped after the test), as a cluster
 * runs in production, or, on a machine without that server, the embedded store in a folder (then
 * said on the console). Under {@code CI=true} the server is required: CI starts one.
 */
final class SharedStore implements AutoCloseable {
    private static final String SERVER_VARIABLE = "VALENCE_TEST_POSTGRES_URL";

    private final String location;
    private final String server;
    private final String schema;

    private SharedStore(String location, String server, String schema) {
        this.location = location;
        this.server = server;
        this.schema = schema;
    }

    /** @return the store for one test, in {@code work} when it is a folder */
    static SharedStore in(Path work) {
        String server = System.getenv(SERVER_VARIABLE);
        if (server == null || server.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("no PostgreSQL server for the cluster tests: set " + SERVER_VARIABLE
                        + " (CI=true: the cluster runs on the PostgreSQL store in CI)");
            }
            System.out.println(
                    "[cluster tests] no " + SERVER_VARIABLE + ": the workers share an embedded store folder");
            return new SharedStore(work.resolve("store").toString(), null, null);
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        String schema = "c_" + HexFormat.of().formatHex(random);
        String location = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new SharedStore(location, server, schema);
    }

    /** @return the location every process opens with {@code Stores.open} ({@code --store} of the workers) */
    String location() {
        return location;
    }

    /** @return the store, opened anew (the caller closes it, or the Valence instance it is given to) */
    ResultStore open() {
        return Stores.open(location);
    }

    /** @return the store opened for reading only: it announces nothing, so the processes under test see no one new */
    ResultStore openReadOnly() {
        return Stores.openReadOnly(location, SharedStore.class.getClassLoader());
    }

    /** @return whether the processes share a PostgreSQL schema */
    boolean isPostgres() {
        return server != null;
    }

    @Override
    public void close() throws SQLException {
        if (server != null) {
            try (Connection connection = DriverManager.getConnection(server);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }
}
