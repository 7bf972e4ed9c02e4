package dev.valence.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Stores;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the PostgreSQL store does beyond the store contract: opening, its errors, group commit under load. */
class PostgresStoreTest {
    @TempDir
    Path work;

    private TestDatabase database;

    @AfterEach
    void drop() {
        if (database != null) {
            database.drop();
        }
    }

    @Test
    void anUnreachableServerIsReportedWithItsLocationAndTheFixButNeverThePassword() {
        // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
        StoreException failure = assertThrows(
                StoreException.class,
                () -> PostgresStore.open("jdbc:postgresql://127.0.0.1:1/valence?user=valence&password=sekrit"));
        String message = failure.getMessage();
        assertTrue(message.contains("cannot reach PostgreSQL at 127.0.0.1:1/valence"), message);
        assertTrue(message.contains("is the server running"), message);
        assertFalse(message.contains("sekrit"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    void aRefusedLoginNamesTheUserAndPasswordAsTheFix() {
        String url = TestDatabase.serverUrl();
        // The builder's password wins over the URL's.
        StoreException failure = assertThrows(
                StoreException.class,
                () -> PostgresStore.builder(url)
                        .password("wrong-password")
                        .schema("never_made")
                        .open());
        String message = failure.getMessage();
        assertTrue(message.contains("refused the login"), message);
        assertTrue(message.contains("check the user and password"), message);
        assertFalse(message.contains("wrong-password"), message);
    }

    @Test
    void aSchemaMigratedByANewerValenceIsRefusedWithTheFixAndLeftAsItIs() {
        database = TestDatabase.fresh();
        database.open(work.resolve("cache")).close();
        // What a newer valence-postgres leaves behind: a migration this version does not have.
        database.execute("INSERT INTO valence_schema_history (installed_rank, version, description, type, script,"
                + " checksum, installed_by, installed_on, execution_time, success) VALUES (99, '99',"
                + " 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'valence', now(), 1, true)");
        StoreException failure = assertThrows(StoreException.class, () -> database.open(work.resolve("cache2")));
        String message = failure.getMessage();
        assertTrue(
                message.contains("is at version 99 (from the future), newer than this valence-postgres knows"),
                message);
        assertTrue(message.contains("run the same or a newer Valence in every process"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    void storesOpensAJdbcUrlThroughTheProviderOnItsCurrentSchema() {
        database = TestDatabase.fresh();
        try (ResultStore store = Stores.open(database.urlWithSchema())) {
            PostgresStore postgres = assertInstanceOf(PostgresStore.class, store);
            assertTrue(postgres.location().contains("(schema " + database.schema() + ")"), postgres.location());
            assertFalse(postgres.location().contains("password"), postgres.location());
            store.dispatchLog().createDispatch(dispatch("d1"), List.of(), List.of());
        }
        try (PostgresStore again = database.open(work.resolve("cache"))) {
            assertEquals("d1", again.dispatchLog().dispatch("d1").orElseThrow().id(), "the same schema");
        }
    }

    @Test
    void anUnknownUrlSchemeListsThePostgresForm() {
        StoreException failure = assertThrows(StoreException.class, () -> Stores.open("jdbc:mysql://db:3306/valence"));
        assertTrue(
                failure.getMessage().contains("jdbc:postgresql://host:port/database (module valence-postgres)"),
                failure.getMessage());
    }

    @Test
    void aBadSchemaNameIsRefusedBeforeAnySql() {
        String url = TestDatabase.serverUrl();
        StoreException failure = assertThrows(
                StoreException.class,
                () -> PostgresStore.builder(url).schema("x; DROP TABLE y").open());
        assertTrue(failure.getMessage().contains("schema name"), failure.getMessage());
    }

    /**
     * Many threads finishing nodes at once: every record is visible at once, every future completes
     * once it is committed, and another opening reads them all (the group commit loses none).
     */
    @Test
    void concurrentNodeEndsAreAllCommittedAndSeenElsewhere() throws Exception {
        database = TestDatabase.fresh();
        int threads = 8;
        int perThread = 500;
        try (PostgresStore store = database.open(work.resolve("a"));
                PostgresStore other = database.open(work.resolve("b"))) {
            List<NodeRecord> pending = new ArrayList<>();
            for (int i = 0; i < threads * perThread; i++) {
                pending.add(node(i, NodeStatus.PENDING, null));
            }
            store.dispatchLog().createDispatch(dispatch("wide"), pending, List.of());
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int first = t * perThread;
                    submitted.add(pool.submit(() -> {
                        List<CompletableFuture<Void>> durable = new ArrayList<>();
                        for (int i = first; i < first + perThread; i++) {
                            StoredValue value = value(i);
                            durable.add(store.dispatchLog()
                                    .finishNode("wide", node(i, NodeStatus.COMPLETED, value), value, true));
                            assertEquals(
                                    value.fingerprint(),
                                    store.resultIndex()
                                            .lookup("key-" + i, null)
                                            .orElseThrow()
                                            .valueFingerprint(),
                                    "visible when finishNode returns");
                        }
                        return durable;
                    }));
                }
                for (Future<List<CompletableFuture<Void>>> each : submitted) {
                    for (CompletableFuture<Void> durable : each.get(60, TimeUnit.SECONDS)) {
                        durable.get(60, TimeUnit.SECONDS);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            List<NodeRecord> seen = other.dispatchLog().nodes("wide");
            assertEquals(threads * perThread, seen.size());
            assertTrue(seen.stream().allMatch(node -> node.status() == NodeStatus.COMPLETED));
            assertEquals(
                    value(1234).fingerprint(),
                    other.resultIndex().lookup("key-1234", null).orElseThrow().valueFingerprint());
        }
    }

    static DispatchRecord dispatch(String id) {
        return new DispatchRecord(
                id,
                "lattice",
                "lattice",
                "",
                "java.lang.Integer",
                0,
                DispatchStatus.RUNNING,
                Instant.now().truncatedTo(ChronoUnit.MICROS),
                null,
                "ALL",
                null,
                List.of(),
                null,
                null,
                null);
    }

    static StoredValue value(int i) {
        byte[] data = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
        return new StoredValue(String.format("%064x", i), "json", "java.lang.Integer", data);
    }

    static NodeRecord node(int index, NodeStatus status, StoredValue value) {
        boolean done = status == NodeStatus.COMPLETED;
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new NodeRecord(
                index,
                "n" + index,
                NodeKind.ELECTRON,
                "e",
                null,
                "java.lang.Integer",
                List.of(),
                status,
                done ? NodeOutcome.COMPUTED : NodeOutcome.PENDING,
                done ? now : null,
                done ? now : null,
                done ? 1 : 0,
                "key-" + index,
                value == null ? null : value.fingerprint(),
                null,
                null,
                null,
                null,
                null,
                done ? "computed" : null,
                null);
    }
}
