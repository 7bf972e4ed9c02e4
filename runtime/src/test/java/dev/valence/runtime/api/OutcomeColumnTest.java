package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a node ended is stored in a column of its own (schema 6), and reuse reads only that: a store
 * of schema 5, which kept it only in the words of the reason, is migrated (or, opened read-only as
 * a fallback, read as it is) with the outcome its reasons implied, and rewording a reason
 * afterwards changes nothing that is reused.
 */
class OutcomeColumnTest {
    @TempDir
    Path folder;

    private final Arithmetic arithmetic = new Arithmetic();
    private final AtomicInteger probes = new AtomicInteger();

    /** {@code int probe(int x)}: the instrument is always offline. */
    private final LatticeRef<Integer> probe = Fixtures.lattice(
            "probe",
            INT,
            (graph, in) -> graph.call(
                    Fixtures.<Integer>electron("probe")
                            .parameter("x", INT)
                            .returns(INT)
                            .build(args -> {
                                probes.incrementAndGet();
                                throw new IllegalStateException("the instrument is offline for x = " + args[0]);
                            }),
                    in.get(0)),
            INT);

    @Test
    void aSchema5StoreIsMigratedAndReusesItsResultsAndItsElectronFailure() throws Exception {
        Path old = folder.resolve("old");
        String[] ids = schema5Store(old);

        try (Valence valence = Valence.open(old)) {
            DispatchResult<Object> stored = valence.result(ids[0]).orElseThrow();
            assertEquals(DispatchStatus.COMPLETED, stored.status());
            assertEquals(1.5, stored.value(), "its values stay readable");
            assertEquals(
                    DispatchStatus.FAILED, valence.result(ids[1]).orElseThrow().status());

            DispatchResult<Double> again = finish(valence.dispatch(arithmetic.workflow(1, 2)));
            assertEquals(NodeStatus.REUSED, again.node("task2").status());
            assertEquals(Optional.of(ids[0]), again.node("task2").reusedFrom());
            assertReplayed(
                    finish(valence.dispatch(probe.workflow(3), Reuse.ALL.withFailures()))
                            .node("probe"),
                    ids[1]);
        }
        assertEquals(1, arithmetic.task2Runs.get(), "nothing ran again");
        assertEquals(1, probes.get(), "nothing ran again");
        assertEquals(
                Map.of("task0", "COMPUTED", "task2", "COMPUTED"),
                outcomes(old, ids[0], "task0", "task2"),
                "the migration derived each node's outcome from its status and reason");
        assertEquals(Map.of("probe", "ELECTRON_FAILED"), outcomes(old, ids[1], "probe"));
        assertEquals("8", schemaVersion(old));
    }

    @Test
    void aSchema5FallbackIsReadAsItIsAndItsElectronFailureReplayed() throws Exception {
        Path old = folder.resolve("old");
        String[] ids = schema5Store(old);
        byte[] before = Files.readAllBytes(old.resolve(SqliteStore.DATABASE_FILE));

        try (Valence valence =
                Valence.builder().folder(folder.resolve("fresh")).fallback(old).open()) {
            assertEquals(1.5, valence.result(ids[0]).orElseThrow().value());
            DispatchResult<Double> again = finish(valence.dispatch(arithmetic.workflow(1, 2)));
            assertEquals(Optional.of(ids[0]), again.node("task2").reusedFrom());
            assertReplayed(
                    finish(valence.dispatch(probe.workflow(3), Reuse.ALL.withFailures()))
                            .node("probe"),
                    ids[1]);
        }
        assertEquals(1, arithmetic.task2Runs.get());
        assertEquals(1, probes.get());
        assertArrayEquals(before, Files.readAllBytes(old.resolve(SqliteStore.DATABASE_FILE)), "not migrated");
    }

    @Test
    void rewordingAReasonDoesNotChangeWhatIsReused() throws Exception {
        String id;
        try (Valence valence = Valence.open(folder)) {
            id = finish(valence.dispatch(probe.workflow(3))).id();
        }
        // Words no version ever wrote: only the stored outcome says the electron threw.
        update("UPDATE nodes SET reason = 'the instrument was offline' WHERE dispatch_id = ? AND name = 'probe'", id);
        try (Valence valence = Valence.open(folder)) {
            assertReplayed(
                    finish(valence.dispatch(probe.workflow(3), Reuse.ALL.withFailures()))
                            .node("probe"),
                    id);
        }
        assertEquals(1, probes.get());

        // And the other way round: a failure of Valence around the call, worded like the electron's
        // own failure, is never replayed.
        update("UPDATE nodes SET outcome = 'FAILED', reason = 'failed: the electron threw it' WHERE name = ?", "probe");
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> ran = finish(valence.dispatch(probe.workflow(3), Reuse.ALL.withFailures()));
            String reason = ran.node("probe").reason().orElseThrow();
            assertTrue(reason.startsWith("failed: the electron threw "), reason);
        }
        assertEquals(2, probes.get(), "the call ran again");
    }

    /**
     * Runs the arithmetic workflow and the failing probe in a current store and copies both into a
     * schema-5 store.
     *
     * @return the two dispatch ids
     */
    private String[] schema5Store(Path old) throws Exception {
        Path current = folder.resolve("current");
        String[] ids = new String[2];
        try (Valence valence = Valence.open(current)) {
            ids[0] = finish(valence.dispatch(arithmetic.workflow(1, 2))).id();
            ids[1] = finish(valence.dispatch(probe.workflow(3))).id();
        }
        Schema5.copy(current, old);
        return ids;
    }

    private static void assertReplayed(NodeResult node, String from) {
        assertEquals(NodeStatus.FAILED, node.status());
        assertTrue(node.error().orElseThrow().contains("the instrument is offline for x = 3"), node.error()::get);
        String reason = node.reason().orElseThrow();
        assertTrue(reason.startsWith("failed: reused the failure of dispatch " + from), reason);
    }

    private void update(String sql, String parameter) throws Exception {
        assertTrue(StoreSql.update(folder, sql, parameter) > 0, sql);
    }

    /** The stored outcomes of some nodes of a dispatch, by name. */
    private static Map<String, String> outcomes(Path store, String dispatchId, String... names) throws Exception {
        Map<String, String> byName = new HashMap<>();
        try (Connection connection = StoreSql.connect(store);
                PreparedStatement statement =
                        connection.prepareStatement("SELECT name, outcome FROM nodes WHERE dispatch_id = ?")) {
            statement.setString(1, dispatchId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (List.of(names).contains(rows.getString(1))) {
                        byName.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        }
        return byName;
    }

    private static String schemaVersion(Path store) throws Exception {
        try (Connection connection = StoreSql.connect(store);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT value FROM meta WHERE key = 'schema_version'")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
