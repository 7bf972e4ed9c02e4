package dev.valence.postgres.internal;

import static dev.valence.postgres.internal.PgTypes.setInstant;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.spi.store.DispatchLog;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.Replacement;
import dev.valence.runtime.spi.store.StoredValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The PostgreSQL store's dispatch log: a new dispatch is one transaction (its row, replacements,
 * given values and nodes, each a JDBC batch); node starts and ends and dispatch ends go through the
 * {@link Committer}; reads merge the tables with the overlay of writes still pending.
 */
public final class PgDispatchLog implements DispatchLog {
    private final PgDatabase database;
    private final Committer committer;
    /** The id this process announced itself under, recorded with each dispatch it starts. */
    private final Supplier<String> owner;

    PgDispatchLog(PgDatabase database, Committer committer, Supplier<String> owner) {
        this.database = database;
        this.committer = committer;
        this.owner = owner;
    }

    @Override
    public void createDispatch(DispatchRecord dispatch, List<NodeRecord> nodes, List<StoredValue> values) {
        database.write("record dispatch " + dispatch.id(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement(DispatchRows.INSERT)) {
                DispatchRows.bindInsert(insert, dispatch, owner.get());
                insert.executeUpdate();
            }
            if (!dispatch.replacements().isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(DispatchRows.INSERT_REPLACEMENT)) {
                    for (Replacement replacement : dispatch.replacements()) {
                        insert.setString(1, dispatch.id());
                        insert.setString(2, replacement.originalId());
                        insert.setString(3, replacement.replacementId());
                        insert.setString(4, replacement.replacementCatalog());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            ValueRows.insert(connection, values);
            if (!nodes.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(NodeRows.UPSERT)) {
                    for (NodeRecord node : nodes) {
                        NodeRows.bind(insert, dispatch.id(), node);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public void startNode(String dispatchId, NodeRecord node) {
        committer.addStart(dispatchId, node);
    }

    @Override
    public CompletableFuture<Void> finishNode(
            String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
        return committer.addNode(dispatchId, node, value, indexResult);
    }

    @Override
    public void checkpoint() {
        committer.checkpoint();
    }

    @Override
    public void finishDispatch(String dispatchId, DispatchStatus status, Instant endedAt, String error) {
        committer.addEnd(dispatchId, new Overlay.DispatchEnd(status, endedAt, error));
    }

    @Override
    public Optional<DispatchRecord> dispatch(String id) {
        List<DispatchRecord> found = readDispatches(id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<DispatchRecord> dispatches() {
        return readDispatches(null);
    }

    private List<DispatchRecord> readDispatches(String id) {
        return committer.visible(() -> {
            List<DispatchRecord> rows = database.read(id == null ? "read dispatches" : "read dispatch " + id, c -> {
                List<DispatchRecord> list = new ArrayList<>();
                try (PreparedStatement select =
                        c.prepareStatement(id == null ? DispatchRows.SELECT_ALL : DispatchRows.SELECT_ONE)) {
                    DispatchRows.bindStatus(select, owner.get(), Instant.now());
                    if (id != null) {
                        select.setString(3, id);
                    }
                    try (ResultSet result = select.executeQuery()) {
                        while (result.next()) {
                            list.add(DispatchRows.read(result));
                        }
                    }
                }
                return withReplacements(c, list);
            });
            List<DispatchRecord> complete = new ArrayList<>(rows.size());
            for (DispatchRecord row : rows) {
                Overlay.DispatchEnd end = committer
                        .overlay(batch -> Optional.ofNullable(batch.ends.get(row.id())))
                        .orElse(null);
                complete.add(DispatchRows.complete(row, row.replacements(), end));
            }
            return complete;
        });
    }

    /** Reads the replacements of every listed dispatch in one query. */
    private static List<DispatchRecord> withReplacements(Connection connection, List<DispatchRecord> rows)
            throws SQLException {
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, List<Replacement>> byDispatch = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(DispatchRows.SELECT_REPLACEMENTS)) {
            select.setArray(
                    1,
                    connection.createArrayOf(
                            "text", rows.stream().map(DispatchRecord::id).toArray()));
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    byDispatch
                            .computeIfAbsent(result.getString(1), key -> new ArrayList<>())
                            .add(new Replacement(result.getString(2), result.getString(3), result.getString(4)));
                }
            }
        }
        List<DispatchRecord> complete = new ArrayList<>(rows.size());
        for (DispatchRecord row : rows) {
            complete.add(DispatchRows.complete(row, byDispatch.getOrDefault(row.id(), List.of()), null));
        }
        return complete;
    }

    @Override
    public List<NodeRecord> nodes(String dispatchId) {
        return new ArrayList<>(nodes(dispatchId, "", null).values());
    }

    /** One row read; a pending record of it is merged as for {@link #nodes}. */
    @Override
    public Optional<NodeRecord> node(String dispatchId, int index) {
        return Optional.ofNullable(
                nodes(dispatchId, " AND node_index = ?", index).get(index));
    }

    /** Only the input rows are read: pending records never change an input, but are merged all the same. */
    @Override
    public List<NodeRecord> inputs(String dispatchId) {
        return nodes(dispatchId, " AND kind = 'INPUT'", null).values().stream()
                .filter(node -> node.kind() == NodeKind.INPUT)
                .toList();
    }

    /** The rows matching {@code where} (bound to {@code index}, if given), with the pending records merged. */
    private TreeMap<Integer, NodeRecord> nodes(String dispatchId, String where, Integer index) {
        return committer.visible(() -> {
            TreeMap<Integer, NodeRecord> byIndex = new TreeMap<>();
            List<NodeRecord> stored = database.query(
                    "read the nodes of dispatch " + dispatchId,
                    NodeRows.SELECT + " WHERE dispatch_id = ?" + where + " ORDER BY node_index",
                    statement -> {
                        statement.setString(1, dispatchId);
                        if (index != null) {
                            statement.setInt(2, index);
                        }
                    },
                    rows -> {
                        List<NodeRecord> list = new ArrayList<>();
                        while (rows.next()) {
                            list.add(NodeRows.read(rows));
                        }
                        return list;
                    });
            stored.forEach(node -> byIndex.put(node.index(), node));
            byIndex.putAll(committer.overlayNodes(dispatchId));
            return byIndex;
        });
    }

    @Override
    public boolean requestCancel(String dispatchId) {
        if (dispatch(dispatchId)
                .filter(found -> found.status() == DispatchStatus.RUNNING)
                .isEmpty()) {
            return false;
        }
        database.write("ask to cancel dispatch " + dispatchId, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cancel_requests"
                    + " (dispatch_id, requested_at) VALUES (?, ?) ON CONFLICT (dispatch_id) DO NOTHING")) {
                insert.setString(1, dispatchId);
                setInstant(insert, 2, Instant.now());
                insert.executeUpdate();
            }
            return null;
        });
        return true;
    }

    @Override
    public Set<String> cancelRequests(Collection<String> dispatchIds) {
        if (dispatchIds.isEmpty()) {
            return Set.of();
        }
        return database.read("read cancel requests", connection -> {
            Set<String> asked = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT dispatch_id FROM cancel_requests WHERE dispatch_id = ANY (?)")) {
                select.setArray(1, connection.createArrayOf("text", dispatchIds.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        asked.add(rows.getString(1));
                    }
                }
            }
            return asked;
        });
    }
}
