package dev.valence.postgres.internal;

import static dev.valence.postgres.internal.PgTypes.getInstant;
import static dev.valence.postgres.internal.PgTypes.nullableInt;
import static dev.valence.postgres.internal.PgTypes.setInstant;
import static dev.valence.postgres.internal.PgTypes.setNullableInt;

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
    /** A retry after a commit whose answer was lost finds the row there: nothing to do. */
    static final String INSERT = "INSERT INTO dispatches (id, lattice_id, lattice_name, lattice_catalog,"
            + " result_type, output_node, status, created_at, ended_at, reuse, redispatch_of, error, parent_id,"
            + " parent_node, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING";

    static final String INSERT_REPLACEMENT = "INSERT INTO replacements (dispatch_id, original_id, replacement_id,"
            + " replacement_catalog) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING";

    /**
     * A dispatch still RUNNING whose process no longer announces itself was interrupted: the process
     * died (killed, crashed, its machine lost) before the dispatch ended. Derived when read, never
     * written: the process may only be slow, and then its own end still lands. Parameters: this
     * process's id, now.
     */
    private static final String STATUS = "CASE WHEN d.status = 'RUNNING' AND d.owner IS NOT NULL"
            + " AND d.owner IS DISTINCT FROM ?"
            + " AND NOT EXISTS (SELECT 1 FROM processes p WHERE p.owner = d.owner AND p.expires_at >= ?)"
            + " THEN 'INTERRUPTED' ELSE d.status END";

    private static final String SELECT = "SELECT d.id, d.lattice_id, d.lattice_name, d.lattice_catalog,"
            + " d.result_type, d.output_node, " + STATUS + ", d.created_at, d.ended_at, d.reuse, d.redispatch_of,"
            + " d.error, d.parent_id, d.parent_node FROM dispatches d";

    static final String SELECT_ALL = SELECT + " ORDER BY d.created_at, d.seq";
    static final String SELECT_ONE = SELECT + " WHERE d.id = ?";

    static final String SELECT_REPLACEMENTS = "SELECT dispatch_id, original_id, replacement_id, replacement_catalog"
            + " FROM replacements WHERE dispatch_id = ANY (?) ORDER BY dispatch_id, original_id";

    private DispatchRows() {}

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

    /** Binds the parameters of the INTERRUPTED check. */
    static void bindStatus(PreparedStatement select, String owner, Instant now) throws SQLException {
        select.setString(1, owner);
        setInstant(select, 2, now);
    }

    /** A dispatch's row; its replacements are read apart. */
    static DispatchRecord read(ResultSet row) throws SQLException {
        return new DispatchRecord(
                row.getString(1),
                row.getString(2),
                row.getString(3),
                row.getString(4),
                row.getString(5),
                row.getInt(6),
                DispatchStatus.valueOf(row.getString(7)),
                getInstant(row, 8),
                getInstant(row, 9),
                row.getString(10),
                row.getString(11),
                List.of(),
                row.getString(12),
                row.getString(13),
                nullableInt(row, 14));
    }

    /** A dispatch with its replacements, and with its end if one is still pending. */
    static DispatchRecord complete(DispatchRecord row, List<Replacement> replacements, Overlay.DispatchEnd end) {
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
