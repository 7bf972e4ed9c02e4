package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.spi.store.DispatchLog;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.Replacement;
import dev.valence.runtime.spi.store.StoredValue;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The SQLite store's dispatch log: a new dispatch is one transaction (its row, replacements, given
 * values and nodes); node and dispatch ends go through the {@link CommitQueue}; reads merge the
 * committed rows with the ends still pending.
 */
final class SqliteDispatchLog implements DispatchLog {
    private final Database database;
    private final CommitQueue queue;
    /** The id this process announced itself under, recorded with each dispatch it starts. */
    private final Supplier<String> owner;

    SqliteDispatchLog(Database database, CommitQueue queue, Supplier<String> owner) {
        this.database = database;
        this.queue = queue;
        this.owner = owner;
    }

    @Override
    public void createDispatch(DispatchRecord dispatch, List<NodeRecord> nodes, List<StoredValue> values) {
        database.checkWritable();
        database.transaction("record dispatch " + dispatch.id(), () -> {
            try (PreparedStatement insert = database.connection().prepareStatement(DispatchRows.INSERT)) {
                DispatchRows.bindInsert(insert, dispatch, owner.get());
                insert.executeUpdate();
            }
            try (PreparedStatement insert = database.connection()
                    .prepareStatement("INSERT INTO replacements (dispatch_id, original_id, replacement_id,"
                            + " replacement_catalog) VALUES (?, ?, ?, ?)")) {
                for (Replacement replacement : dispatch.replacements()) {
                    insert.setString(1, dispatch.id());
                    insert.setString(2, replacement.originalId());
                    insert.setString(3, replacement.replacementId());
                    insert.setString(4, replacement.replacementCatalog());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            for (StoredValue value : values) {
                ValueRows.insert(database, value);
            }
            List<NodeRecord> notStarted = new ArrayList<>();
            try (PreparedStatement insert = database.connection().prepareStatement(NodeColumns.INSERT)) {
                for (NodeRecord node : nodes) {
                    if (PendingNodes.isStructureOnly(node)) {
                        notStarted.add(node);
                    } else {
                        NodeColumns.bind(insert, dispatch.id(), node);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            if (!notStarted.isEmpty()) {
                try (PreparedStatement pending = database.connection()
                        .prepareStatement("UPDATE dispatches SET pending_nodes = ? WHERE id = ?")) {
                    pending.setBytes(1, PendingNodes.encode(notStarted));
                    pending.setString(2, dispatch.id());
                    pending.executeUpdate();
                }
            }
        });
    }

    @Override
    public void startNode(String dispatchId, NodeRecord node) {
        queue.addStart(dispatchId, node);
    }

    @Override
    public boolean requestCancel(String dispatchId) {
        database.checkWritable();
        if (dispatch(dispatchId)
                .filter(found -> found.status() == DispatchStatus.RUNNING)
                .isEmpty()) {
            return false;
        }
        database.transaction("ask to cancel dispatch " + dispatchId, () -> {
            PreparedStatement insert =
                    database.prepare("INSERT OR IGNORE INTO cancel_requests (dispatch_id, requested_at) VALUES (?, ?)");
            insert.setString(1, dispatchId);
            insert.setLong(2, Instant.now().toEpochMilli());
            insert.executeUpdate();
        });
        return true;
    }

    @Override
    public Set<String> cancelRequests(Collection<String> dispatchIds) {
        if (dispatchIds.isEmpty()) {
            return Set.of();
        }
        Set<String> wanted = Set.copyOf(dispatchIds);
        // The table holds only requests not yet answered: reading it whole is cheaper than binding a list.
        return database.query(
                "read cancel requests", "SELECT dispatch_id FROM cancel_requests", statement -> {}, rows -> {
                    Set<String> asked = new HashSet<>();
                    while (rows.next()) {
                        if (wanted.contains(rows.getString(1))) {
                            asked.add(rows.getString(1));
                        }
                    }
                    return asked;
                });
    }

    @Override
    public CompletableFuture<Void> finishNode(
            String dispatchId, NodeRecord node, StoredValue value, boolean indexResult) {
        return queue.addNode(dispatchId, node, value, indexResult);
    }

    @Override
    public void checkpoint() {
        queue.checkpoint();
    }

    @Override
    public void finishDispatch(String dispatchId, DispatchStatus status, Instant endedAt, String error) {
        queue.addEnd(dispatchId, new PendingWrites.DispatchEnd(status, endedAt, error));
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
        SqliteSchema.Features features = database.features();
        // Rows and pending ends are read under one lock: a commit in between would otherwise take
        // an end out of the overlay after the row was read as still running.
        synchronized (database.lock()) {
            List<DispatchRecord> rows = database.query(
                    "read dispatches",
                    DispatchRows.select(features, id != null),
                    statement -> DispatchRows.bindSelect(statement, features, owner.get(), Instant.now(), id),
                    result -> {
                        List<DispatchRecord> list = new ArrayList<>();
                        while (result.next()) {
                            list.add(DispatchRows.read(result));
                        }
                        return list;
                    });
            List<DispatchRecord> complete = new ArrayList<>(rows.size());
            for (DispatchRecord row : rows) {
                PendingWrites.DispatchEnd end = null;
                for (PendingWrites waiting : queue.overlay()) {
                    end = end != null ? end : waiting.ends.get(row.id());
                }
                complete.add(DispatchRows.complete(row, replacements(row.id()), end));
            }
            return complete;
        }
    }

    private List<Replacement> replacements(String dispatchId) {
        return database.query(
                "read replacements of " + dispatchId,
                DispatchRows.SELECT_REPLACEMENTS,
                statement -> statement.setString(1, dispatchId),
                rows -> {
                    List<Replacement> list = new ArrayList<>();
                    while (rows.next()) {
                        list.add(new Replacement(rows.getString(1), rows.getString(2), rows.getString(3)));
                    }
                    return list;
                });
    }

    @Override
    public List<NodeRecord> nodes(String dispatchId) {
        return new ArrayList<>(nodes(dispatchId, "", null, node -> true).values());
    }

    /** One row read; a pending record of it is merged as for {@link #nodes}. */
    @Override
    public Optional<NodeRecord> node(String dispatchId, int index) {
        return Optional.ofNullable(nodes(dispatchId, " AND node_index = ?", index, node -> node.index() == index)
                .get(index));
    }

    /** Only the input rows are read: pending records never change an input, but are merged all the same. */
    @Override
    public List<NodeRecord> inputs(String dispatchId) {
        return nodes(dispatchId, " AND kind = 'INPUT'", null, node -> node.kind() == NodeKind.INPUT).values().stream()
                .filter(node -> node.kind() == NodeKind.INPUT)
                .toList();
    }

    /**
     * The rows matching {@code where} (bound to {@code index}, if given), then the nodes that have no
     * row yet from the dispatch's {@link PendingNodes} when {@code matches}, then the records pending
     * in this process, each over the one before.
     */
    private TreeMap<Integer, NodeRecord> nodes(
            String dispatchId, String where, Integer index, Predicate<NodeRecord> matches) {
        synchronized (database.lock()) {
            TreeMap<Integer, NodeRecord> byIndex = new TreeMap<>();
            List<NodeRecord> stored = database.query(
                    "read nodes of " + dispatchId,
                    NodeColumns.select(database.features()) + " WHERE dispatch_id = ?" + where + " ORDER BY node_index",
                    statement -> {
                        statement.setString(1, dispatchId);
                        if (index != null) {
                            statement.setInt(2, index);
                        }
                    },
                    rows -> {
                        List<NodeRecord> list = new ArrayList<>();
                        while (rows.next()) {
                            list.add(NodeColumns.read(rows));
                        }
                        return list;
                    });
            for (NodeRecord node : stored) {
                byIndex.put(node.index(), node);
            }
            if (database.features().pendingNodes() && (index == null || byIndex.isEmpty())) {
                for (NodeRecord node :
                        notStarted(dispatchId, node -> !byIndex.containsKey(node.index()) && matches.test(node))) {
                    byIndex.put(node.index(), node);
                }
            }
            List<PendingWrites> overlay = queue.overlay();
            for (int i = overlay.size() - 1; i >= 0; i--) { // oldest first: newer records win
                TreeMap<Integer, NodeRecord> newer = overlay.get(i).nodes.get(dispatchId);
                if (newer != null) {
                    byIndex.putAll(newer);
                }
            }
            return byIndex;
        }
    }

    /** The dispatch's nodes that had not started when it was recorded, those {@code wanted}. */
    private List<NodeRecord> notStarted(String dispatchId, Predicate<NodeRecord> wanted) {
        byte[] encoded = database.query(
                "read the pending nodes of " + dispatchId,
                "SELECT pending_nodes FROM dispatches WHERE id = ?",
                statement -> statement.setString(1, dispatchId),
                rows -> rows.next() ? rows.getBytes(1) : null);
        return encoded == null ? List.of() : PendingNodes.decode(encoded, wanted);
    }
}
