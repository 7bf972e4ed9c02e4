package dev.valence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.valence.postgres.PostgresStore;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Valence;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on a PostgreSQL store ({@code --store jdbc:postgresql://...}), through the real
 * shaded jar: the store module is found in it by {@code Stores.open}. Uses the server in {@code
 * VALENCE_TEST_POSTGRES_URL}, on a schema of its own; skipped without it, failed under {@code
 * CI=true}.
 */
class PostgresStoreIT {
    @TempDir
    Path work;

    private String server;
    private String schema;

    @BeforeEach
    void schema() {
        server = System.getenv("VALENCE_TEST_POSTGRES_URL");
        if (server == null || server.isBlank()) {
            String message = "no PostgreSQL server for the tests: set VALENCE_TEST_POSTGRES_URL to a JDBC URL";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (CI=true: the PostgreSQL tests must run)");
            }
            assumeTrue(false, message);
        }
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        schema = "t_" + HexFormat.of().formatHex(random);
    }

    @AfterEach
    void drop() throws Exception {
        if (schema != null && server != null) {
            try (Connection connection = DriverManager.getConnection(server);
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void listShowSizeAndDeleteADispatchOfADatabaseStore() throws Exception {
        String id;
        try (Valence valence = Valence.builder()
                .store(PostgresStore.builder(server)
                        .schema(schema)
                        .cacheFolder(work.resolve("cache"))
                        .open())
                .open()) {
            id = valence.dispatch(Lattices.arithmetic().workflow(1, 2))
                    .await(Duration.ofSeconds(Cli.PATIENCE_SECONDS))
                    .orElseThrow()
                    .id();
        }
        String store = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;

        Cli.Result list = Cli.run(work, "list", "--store", store).ok();
        assertTrue(list.out().contains(id), list.toString());
        assertTrue(list.out().contains(DispatchStatus.COMPLETED.name()), list.toString());

        Cli.Result show = Cli.run(work, "show", id, "--store", store).ok();
        assertTrue(show.out().contains("add"), show.toString());

        Cli.Result size = Cli.run(work, "size", "--store", store).ok();
        assertTrue(size.out().contains("PostgreSQL store at"), size.toString());
        assertFalse(size.out().contains("password"), "never the password: " + size);

        Cli.run(work, "delete", id, "--store", store).ok();
        Cli.Result missing = Cli.run(work, "show", id, "--store", store);
        assertEquals(ExitCodes.NOT_FOUND, missing.exit(), missing.toString());
    }

    /** {@code valence ui} serves a database store too, and prints it without its password. */
    @Test
    void uiServesTheDashboardOfADatabaseStore() throws Exception {
        String id;
        try (Valence valence = Valence.builder()
                .store(PostgresStore.builder(server)
                        .schema(schema)
                        .cacheFolder(work.resolve("cache"))
                        .open())
                .open()) {
            id = valence.dispatch(Lattices.arithmetic().workflow(1, 2))
                    .await(Duration.ofSeconds(Cli.PATIENCE_SECONDS))
                    .orElseThrow()
                    .id();
        }
        String store = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        Cli.Running ui = Cli.start(work, "ui", "--store", store, "--port", "0");
        try {
            Pattern address = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/)");
            Matcher found = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Cli.PATIENCE_SECONDS);
            while (found == null && System.nanoTime() < deadline) {
                Matcher matcher = address.matcher(ui.outSoFar());
                if (matcher.find()) {
                    found = matcher;
                } else {
                    Thread.sleep(50);
                }
            }
            assertTrue(found != null, "no address printed: " + ui.outSoFar());
            assertTrue(ui.outSoFar().contains("PostgreSQL store at"), ui.outSoFar());
            assertFalse(ui.outSoFar().contains("password="), "never the password: " + ui.outSoFar());
            HttpResponse<String> list = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(found.group(1) + "api/dispatches"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, list.statusCode());
            assertTrue(list.body().contains(id), list.body());
        } finally {
            ui.process().destroy();
            ui.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnreachableServerIsOneLineNamingItAndExitsWithTheStoreCode() throws Exception {
        Cli.Result result =
                Cli.run(work, "list", "--store", "jdbc:postgresql://127.0.0.1:1/valence?user=u&password=sekrit");
        assertEquals(ExitCodes.STORE, result.exit(), result.toString());
        assertTrue(result.err().contains("cannot reach PostgreSQL at 127.0.0.1:1/valence"), result.toString());
        assertFalse(result.err().contains("sekrit"), result.toString());
        assertEquals(1, result.err().strip().lines().count(), "one line: " + result.err());
    }
}
