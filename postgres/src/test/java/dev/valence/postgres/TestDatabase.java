package dev.valence.postgres;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * The PostgreSQL server the tests use, from {@value #VARIABLE} (a JDBC URL with user and
 * password): each test gets a schema of its own, {@code t_<random>}, dropped afterwards, so tests
 * never see each other's rows. Without the variable the tests are skipped with a message naming it,
 * except under {@code CI=true}, where they fail: CI must never pass without them.
 */
final class TestDatabase {
    /** The environment variable holding the test server's JDBC URL. */
    static final String VARIABLE = "VALENCE_TEST_POSTGRES_URL";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String url;
    private final String schema;

    private TestDatabase(String url, String schema) {
        this.url = url;
        this.schema = schema;
    }

    /** @return the test server's URL; skips the test (fails it under CI) when none is configured */
    static String serverUrl() {
        String url = System.getenv(VARIABLE);
        if (url == null || url.isBlank()) {
            String message = "no PostgreSQL server for the tests: set " + VARIABLE
                    + " to a JDBC URL with user and password, e.g. jdbc:postgresql://127.0.0.1:5432/valence_test"
                    + "?user=valence&password=valence";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + " (CI=true: the PostgreSQL tests must run)");
            }
            assumeTrue(false, message);
        }
        return url;
    }

    /** @return a new, empty schema on the test server (created by the store on open) */
    static TestDatabase fresh() {
        byte[] random = new byte[6];
        RANDOM.nextBytes(random);
        return new TestDatabase(serverUrl(), "t_" + HexFormat.of().formatHex(random));
    }

    String url() {
        return url;
    }

    String schema() {
        return schema;
    }

    /** @return the URL with the schema as its {@code currentSchema}, as a user would write it */
    String urlWithSchema() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Opens a store on the schema, with its own local cache folder (as another machine's). */
    PostgresStore open(Path cache) {
        return PostgresStore.builder(url).schema(schema).cacheFolder(cache).open();
    }

    /** Runs SQL on the schema, as an administrator damaging or inspecting the store would. */
    void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + schema);
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Drops the schema and everything in it. */
    void drop() {
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new AssertionError("cannot drop the test schema " + schema + ": " + e.getMessage(), e);
        }
    }
}
