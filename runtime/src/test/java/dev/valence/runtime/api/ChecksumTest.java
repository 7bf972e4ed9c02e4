package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every stored value carries a CRC32C of its bytes: a damaged value is reported when read, and a
 * node that would have reused it computes it again instead.
 */
class ChecksumTest {
    @TempDir
    Path folder;

    private final Arithmetic arithmetic = new Arithmetic();

    @Test
    void aDamagedValueIsReportedAndRecomputedByTheNextDispatch() throws SQLException {
        String firstId;
        String damaged;
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Double> first = finish(valence.dispatch(arithmetic.workflow(1, 2)));
            firstId = first.id();
            damaged = first.node("task1").valueFingerprint().orElseThrow();
        }
        // Still valid JSON, and wrong: without the checksum the next dispatch would reuse a 4.
        StoreSql.update(
                folder,
                "UPDATE stored_values SET data = ? WHERE fingerprint = ?",
                "4".getBytes(StandardCharsets.UTF_8),
                damaged);

        try (Valence valence = Valence.open(folder)) {
            ValenceException error = assertThrows(
                    ValenceException.class,
                    () -> valence.result(firstId).orElseThrow().node("task1").value());
            assertTrue(error.getMessage().contains("checksum"), error.getMessage());

            DispatchResult<Double> again = finish(valence.dispatch(arithmetic.workflow(1, 2)));

            assertEquals(DispatchStatus.COMPLETED, again.status());
            assertEquals(NodeStatus.REUSED, again.node("task0").status());
            assertEquals(NodeStatus.COMPLETED, again.node("task1").status(), "recomputed, not reused");
            String reason = valence.explain(again.id(), "task1").reason();
            assertTrue(!reason.startsWith("reused"), reason);
            assertEquals(NodeStatus.REUSED, again.node("task2").status(), "same output, same key downstream");
            assertEquals(1.5, again.value());
            assertEquals(3, again.node("task1").value());
            assertEquals(3, valence.result(firstId).orElseThrow().node("task1").value(), "stored afresh");
        }
        assertEquals(1, arithmetic.task0Runs.get());
        assertEquals(2, arithmetic.task1Runs.get());
        assertEquals(1, arithmetic.task2Runs.get());
    }

    @Test
    void aVersion3StoreIsMigratedAndItsUncheckedValuesStayReadable() throws SQLException {
        String id;
        try (Valence valence = Valence.open(folder)) {
            id = finish(valence.dispatch(arithmetic.workflow(1, 2))).id();
        }
        // Turn the store back into schema 3: no checksum column, no process per dispatch, no
        // outcome per node, no list of each value's blobs, no pending nodes per dispatch.
        StoreSql.update(folder, "ALTER TABLE stored_values DROP COLUMN checksum");
        StoreSql.update(folder, "ALTER TABLE dispatches DROP COLUMN pending_nodes");
        StoreSql.update(folder, "ALTER TABLE dispatches DROP COLUMN owner");
        StoreSql.update(folder, "ALTER TABLE nodes DROP COLUMN outcome");
        Schema6.dropCapturedOutput(folder);
        StoreSql.update(folder, "DROP TABLE value_blobs");
        StoreSql.update(folder, "UPDATE meta SET value = '3' WHERE key = 'schema_version'");

        try (Valence valence = Valence.open(folder)) {
            assertEquals(1.5, valence.result(id).orElseThrow().value());
            DispatchResult<Double> again = finish(valence.dispatch(arithmetic.workflow(1, 2)));
            assertEquals(NodeStatus.REUSED, again.node("task2").status());
            finish(valence.dispatch(arithmetic.workflow(7, 2)));
        }
        try (Connection connection = StoreSql.connect(folder);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT (SELECT value FROM meta WHERE key = 'schema_version'),"
                        + " (SELECT COUNT(*) FROM stored_values WHERE checksum IS NULL),"
                        + " (SELECT COUNT(*) FROM stored_values WHERE checksum IS NOT NULL)")) {
            rows.next();
            assertEquals("8", rows.getString(1));
            assertEquals(4, rows.getInt(2), "old values stay unchecked");
            assertTrue(rows.getInt(3) >= 3, "new values have checksums");
        }
    }
}
