package dev.valence.postgres.internal;

import static dev.valence.postgres.internal.PgTypes.getInstant;
import static dev.valence.postgres.internal.PgTypes.nullableInt;
import static dev.valence.postgres.internal.PgTypes.setInstant;
import static dev.valence.postgres.internal.PgTypes.setNullableInt;

import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.CapturedOutput;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The node table's columns, bound and read in one place so that both stay in the same order. */
final class NodeRows {
    private static final List<String> COLUMNS = List.of(
            "node_index",
            "name",
            "kind",
            "electron_id",
            "electron_catalog",
            "type",
            "arguments",
            "status",
            "outcome",
            "started_at",
            "ended_at",
            "attempts",
            "cache_key",
            "value_fingerprint",
            "reused_from_dispatch",
            "reused_from_node",
            "error",
            "code_fingerprint",
            "version",
            "reason",
            "stdout",
            "stdout_bytes",
            "stdout_truncated",
            "stderr",
            "stderr_bytes",
            "stderr_truncated");

    /** Writes a node's row, replacing the one it had: a later record of a node wins. */
    static final String UPSERT = "INSERT INTO nodes (dispatch_id, " + String.join(", ", COLUMNS) + ") VALUES (?"
            + ", ?".repeat(COLUMNS.size()) + ") ON CONFLICT (dispatch_id, node_index) DO UPDATE SET "
            + String.join(
                    ", ",
                    COLUMNS.stream()
                            .skip(1)
                            .map(column -> column + " = EXCLUDED." + column)
                            .toList());

    /** Every column, in the order {@link #read} reads them. */
    static final String SELECT = "SELECT " + String.join(", ", COLUMNS) + " FROM nodes";

    private NodeRows() {}

    static void bind(PreparedStatement statement, String dispatchId, NodeRecord node) throws SQLException {
        statement.setString(1, dispatchId);
        statement.setInt(2, node.index());
        statement.setString(3, node.name());
        statement.setString(4, node.kind().name());
        statement.setString(5, node.electronId());
        statement.setString(6, node.electronCatalog());
        statement.setString(7, node.type());
        statement.setObject(
                8, node.arguments().stream().mapToInt(Integer::intValue).toArray());
        statement.setString(9, node.status().name());
        statement.setString(10, node.outcome().name());
        setInstant(statement, 11, node.startedAt());
        setInstant(statement, 12, node.endedAt());
        statement.setInt(13, node.attempts());
        statement.setString(14, node.cacheKey());
        statement.setString(15, node.valueFingerprint());
        statement.setString(16, node.reusedFromDispatch());
        setNullableInt(statement, 17, node.reusedFromNode());
        statement.setString(18, node.error());
        statement.setString(19, node.codeFingerprint());
        statement.setString(20, node.version());
        statement.setString(21, node.reason());
        CapturedOutput output = node.output();
        bindStream(statement, 22, output == null ? null : output.stdout());
        bindStream(statement, 25, output == null ? null : output.stderr());
    }

    private static void bindStream(PreparedStatement statement, int first, CapturedOutput.Stream stream)
            throws SQLException {
        if (stream == null) {
            statement.setNull(first, Types.VARCHAR);
            statement.setNull(first + 1, Types.BIGINT);
            statement.setNull(first + 2, Types.BOOLEAN);
        } else {
            statement.setString(first, stream.text());
            statement.setLong(first + 1, stream.bytes());
            statement.setBoolean(first + 2, stream.truncated());
        }
    }

    static NodeRecord read(ResultSet rows) throws SQLException {
        return new NodeRecord(
                rows.getInt(1),
                rows.getString(2),
                NodeKind.valueOf(rows.getString(3)),
                rows.getString(4),
                rows.getString(5),
                rows.getString(6),
                indexes(rows.getArray(7)),
                NodeStatus.valueOf(rows.getString(8)),
                NodeOutcome.valueOf(rows.getString(9)),
                getInstant(rows, 10),
                getInstant(rows, 11),
                rows.getInt(12),
                rows.getString(13),
                rows.getString(14),
                rows.getString(15),
                nullableInt(rows, 16),
                rows.getString(17),
                rows.getString(18),
                rows.getString(19),
                rows.getString(20),
                output(rows));
    }

    private static CapturedOutput output(ResultSet rows) throws SQLException {
        String stdout = rows.getString(21);
        String stderr = rows.getString(24);
        if (stdout == null || stderr == null) {
            return null;
        }
        return new CapturedOutput(
                new CapturedOutput.Stream(stdout, rows.getLong(22), rows.getBoolean(23)),
                new CapturedOutput.Stream(stderr, rows.getLong(25), rows.getBoolean(26)));
    }

    private static List<Integer> indexes(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        Object[] values = (Object[]) array.getArray();
        List<Integer> indexes = new ArrayList<>(values.length);
        Arrays.stream(values).forEach(value -> indexes.add(((Number) value).intValue()));
        return indexes;
    }
}
