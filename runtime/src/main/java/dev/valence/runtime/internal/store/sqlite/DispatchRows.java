package dev.valence.runtime.internal.store.sqlite;

import static dev.valence.runtime.internal.store.sqlite.SqlTypes.getInstant;
import static dev.valence.runtime.internal.store.sqlite.SqlTypes.nullableInt;
import static dev.valence.runtime.internal.store.sqlite.SqlTypes.setInstant;
import static dev.valence.runtime.internal.store.sqlite.SqlTypes.setNullableInt;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.Replacement;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The dispatch table's columns, bound and read in one place, and the derived INTERRUPTED status. */
final class DispatchRows {
    static final String INSERT = "INSERT INTO dispatches (id, lattice_id, lattice_name, lattice_catalog, result_type,"
            + " output_node, status, created_at, ended_at, reuse, redispatch_of, error, parent_id, parent_node, owner)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /**
     * A dispatch still RUNNING whose process no longer announces itself was interrupted: the process
     * died (killed, crashed) before the dispatch ended. Derived when read, never written: the process
     * may only be slow, and then its own end still lands. Parameters: this process's id, now.
     */
    private static final String INTERRUPTED_OR_STATUS =
            "CASE WHEN d.status = 'RUNNING' AND d.owner IS NOT NULL AND d.owner IS NOT ?"
                    + " AND NOT EXISTS (SELECT 1 FROM processes p WHERE p.owner = d.owner AND p.expires_at >= ?)"
                    + " THEN 'INTERRUPTED' ELSE d.status END";

    private static final String BEFORE_STATUS =
            "SELECT d.id, d.lattice_id, d.lattice_name, d.lattice_catalog, d.result_type, d.output_node, ";
    private static final String AFTER_STATUS =
            ", d.created_at, d.ended_at, d.reuse, d.redispatch_of, d.error, d.parent_id, d.parent_node FROM dispatches d";

    static final String SELECT_REPLACEMENTS =
            "SELECT original_id, replacement_id, replacement_catalog FROM replacements WHERE dispatch_id = ?"
                    + " ORDER BY original_id";

    private DispatchRows() {}

    /**
     * The query of dispatches, all of them oldest first or the one with an id.
     *
     * @param features the schema read; before schema 5 dispatches record no process, so the stored
     *     status is reported and there are no parameters for the INTERRUPTED check
     * @param one whether the query takes a dispatch id
     */
    static String select(SqliteSchema.Features features, boolean one) {
        return BEFORE_STATUS + (features.owners() ? INTERRUPTED_OR_STATUS : "d.status") + AFTER_STATUS
                + (one ? " WHERE d.id = ?" : "") + " ORDER BY d.created_at, d.rowid";
    }

    /** Binds the parameters of {@link #select}. */
    static void bindSelect(
            PreparedStatement statement, SqliteSchema.Features features, String owner, Instant now, String id)
            throws SQLException {
        int parameter = 1;
        if (features.owners()) {
            statement.setString(parameter++, owner);
            setInstant(statement, parameter++, now);
        }
        if (id != null) {
            statement.setString(parameter, id);
        }
    }

    static void bindInsert(PreparedStatement insert, DispatchRecord dispatch, String owner) throws SQLException {
        insert.setString(1, dispatch.id());
        insert.setString(2, dispatch.latticeId());
        insert.setString(3, dispatch.latticeName());
        insert.setString(4, dispatch.latticeCatalog());
        insert.setString(5, dispatch.resultType());
        insert.setInt(6, dispatch.outputNode());
        insert.setString(7, dispatch.status().name());
        setInstant(insert, 8, dispatch.createdAt());
        setInstant(insert, 9, dispatch.endedAt());
        insert.setString(10, dispatch.reuse());
        insert.setString(11, dispatch.redispatchOf());
        insert.setString(12, dispatch.error());
        insert.setString(13, dispatch.parentId());
        setNullableInt(insert, 14, dispatch.parentNode());
        insert.setString(15, owner);
    }

    /** Reads a row of {@link #select}, without its replacements. */
    static DispatchRecord read(ResultSet result) throws SQLException {
        return new DispatchRecord(
                result.getString(1),
                result.getString(2),
                result.getString(3),
                result.getString(4),
                result.getString(5),
                result.getInt(6),
                DispatchStatus.valueOf(result.getString(7)),
                getInstant(result, 8),
                getInstant(result, 9),
                result.getString(10),
                result.getString(11),
                List.of(),
                result.getString(12),
                result.getString(13),
                nullableInt(result, 14));
    }

    /**
     * A stored dispatch with its replacements, and with its end if one is still pending.
     *
     * @param end the pending end, or null
     */
    static DispatchRecord complete(DispatchRecord row, List<Replacement> replacements, PendingWrites.DispatchEnd end) {
        return new DispatchRecord(
                row.id(),
                row.latticeId(),
                row.latticeName(),
                row.latticeCatalog(),
                row.resultType(),
                row.outputNode(),
                end == null ? row.status() : end.status(),
                row.createdAt(),
                end == null ? row.endedAt() : end.endedAt(),
                row.reuse(),
                row.redispatchOf(),
                replacements,
                end == null ? row.error() : end.error(),
                row.parentId(),
                row.parentNode());
    }
}
