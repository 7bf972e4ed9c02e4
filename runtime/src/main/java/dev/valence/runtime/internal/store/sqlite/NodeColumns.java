package dev.valence.runtime.internal.store.sqlite;

import static dev.valence.runtime.internal.store.sqlite.SqlTypes.getInstant;
import static dev.valence.runtime.internal.store.sqlite.SqlTypes.nullableInt;
import static dev.valence.runtime.internal.store.sqlite.SqlTypes.setInstant;
import static dev.valence.runtime.internal.store.sqlite.SqlTypes.setNullableInt;

import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.CapturedOutput;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The node table's columns, bound and read in one place so that both stay in the same order. */
final class NodeColumns {
    private static final String BEFORE_OUTCOME = "node_index, name, kind, electron_id, electron_catalog, type,"
            + " arguments, status, started_at, ended_at, attempts, cache_key, value_fingerprint,"
            + " reused_from_dispatch, reused_from_node, error, code_fingerprint, version, reason";
    private static final String OUTPUT =
            "stdout, stdout_bytes, stdout_truncated, stderr, stderr_bytes, stderr_truncated";
    private static final String COLUMNS = BEFORE_OUTCOME + ", outcome, " + OUTPUT;

    /**
     * Writes a node's row, updating it in place when it exists: {@code INSERT OR REPLACE} deletes the
     * row and inserts it again under a new rowid, which rewrites two table pages and both indexes'
     * entries in every commit, where an update in place touches the row's own page (and the key
     * index only when the cache key changes).
     */
    static final String INSERT = "INSERT INTO nodes (dispatch_id, " + COLUMNS + ") VALUES (?"
            + ", ?".repeat(COLUMNS.split(",", -1).length) + ") ON CONFLICT (dispatch_id, node_index) DO UPDATE SET "
            + updateAll();

    private NodeColumns() {}

    /** {@code name = excluded.name, ...} for every column but the key's. */
    private static String updateAll() {
        List<String> sets = new ArrayList<>();
        for (String column : COLUMNS.split(",")) {
            String name = column.strip();
            if (!name.equals("node_index")) {
                sets.add(name + " = excluded." + name);
            }
        }
        return String.join(", ", sets);
    }

    /**
     * The query of every column of the node table, in the order {@link #read} reads them.
     *
     * @param features the schema read; before schema 6 the outcome is read as null and derived,
     *     before schema 7 there is no captured output
     */
    static String select(SqliteSchema.Features features) {
        return "SELECT " + BEFORE_OUTCOME + (features.outcomes() ? ", outcome" : ", NULL")
                + (features.capturedOutput() ? ", " + OUTPUT : ", NULL, NULL, NULL, NULL, NULL, NULL")
                + " FROM nodes";
    }

    static void bind(PreparedStatement statement, String dispatchId, NodeRecord node) throws SQLException {
        statement.setString(1, dispatchId);
        statement.setInt(2, node.index());
        statement.setString(3, node.name());
        statement.setString(4, node.kind().name());
        statement.setString(5, node.electronId());
        statement.setString(6, node.electronCatalog());
        statement.setString(7, node.type());
        statement.setString(8, joinIndexes(node.arguments()));
        statement.setString(9, node.status().name());
        setInstant(statement, 10, node.startedAt());
        setInstant(statement, 11, node.endedAt());
        statement.setInt(12, node.attempts());
        statement.setString(13, node.cacheKey());
        statement.setString(14, node.valueFingerprint());
        statement.setString(15, node.reusedFromDispatch());
        setNullableInt(statement, 16, node.reusedFromNode());
        statement.setString(17, node.error());
        statement.setString(18, node.codeFingerprint());
        statement.setString(19, node.version());
        statement.setString(20, node.reason());
        statement.setString(21, node.outcome().name());
        CapturedOutput output = node.output();
        bindStream(statement, 22, output == null ? null : output.stdout());
        bindStream(statement, 25, output == null ? null : output.stderr());
    }

    private static void bindStream(PreparedStatement statement, int first, CapturedOutput.Stream stream)
            throws SQLException {
        if (stream == null) {
            statement.setNull(first, Types.VARCHAR);
            statement.setNull(first + 1, Types.INTEGER);
            statement.setNull(first + 2, Types.INTEGER);
        } else {
            statement.setString(first, stream.text());
            statement.setLong(first + 1, stream.bytes());
            statement.setInt(first + 2, stream.truncated() ? 1 : 0);
        }
    }

    private static CapturedOutput readOutput(ResultSet rows) throws SQLException {
        String stdout = rows.getString(21);
        String stderr = rows.getString(24);
        if (stdout == null || stderr == null) {
            return null;
        }
        return new CapturedOutput(
                new CapturedOutput.Stream(stdout, rows.getLong(22), rows.getInt(23) != 0),
                new CapturedOutput.Stream(stderr, rows.getLong(25), rows.getInt(26) != 0));
    }

    static NodeRecord read(ResultSet rows) throws SQLException {
        NodeKind kind = NodeKind.valueOf(rows.getString(3));
        NodeStatus status = NodeStatus.valueOf(rows.getString(8));
        String reason = rows.getString(19);
        return new NodeRecord(
                rows.getInt(1),
                rows.getString(2),
                kind,
                rows.getString(4),
                rows.getString(5),
                rows.getString(6),
                splitIndexes(rows.getString(7)),
                status,
                outcome(rows.getString(20), kind, status, reason),
                getInstant(rows, 9),
                getInstant(rows, 10),
                rows.getInt(11),
                rows.getString(12),
                rows.getString(13),
                rows.getString(14),
                nullableInt(rows, 15),
                rows.getString(16),
                rows.getString(17),
                rows.getString(18),
                reason,
                readOutput(rows));
    }

    /**
     * A node's outcome: the stored one, or for a store too old to have the column (opened read-only,
     * so it cannot be migrated) the one its status and reason imply.
     */
    static NodeOutcome outcome(String stored, NodeKind kind, NodeStatus status, String reason) {
        return stored != null ? NodeOutcome.valueOf(stored) : LegacyOutcome.of(kind, status, reason);
    }

    private static String joinIndexes(List<Integer> indexes) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < indexes.size(); i++) {
            out.append(i == 0 ? "" : ",").append(indexes.get(i));
        }
        return out.toString();
    }

    private static List<Integer> splitIndexes(String joined) {
        List<Integer> indexes = new ArrayList<>();
        if (joined != null && !joined.isEmpty()) {
            for (String part : joined.split(",", -1)) {
                indexes.add(Integer.parseInt(part));
            }
        }
        return indexes;
    }
}
