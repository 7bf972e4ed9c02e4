package dev.valence.runtime;

import dev.valence.runtime.internal.engine.StoredResults;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.NodeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stored outcome of a dispatch: status, value, error, and every node's result. Read from the
 * store, so a new process sees exactly what the dispatching process saw. Node records are read
 * on first use ({@link #value()} alone reads the output node's row, not every row of a 10,000-node
 * dispatch), and values only when asked for.
 *
 * @param <R> the type of the lattice's result
 */
public final class DispatchResult<R> {
    private final DispatchRecord dispatch;
    private final StoredResults values;
    /** Every node's result, read on first use; guarded by {@code this}. */
    private List<NodeResult> nodes;

    DispatchResult(DispatchRecord dispatch, StoredResults values) {
        this.dispatch = dispatch;
        this.values = values;
    }

    private synchronized List<NodeResult> loadedNodes() {
        if (nodes == null) {
            List<NodeResult> results = new ArrayList<>();
            for (NodeRecord record : values.nodes(dispatch.id())) {
                results.add(new NodeResult(dispatch, record, values));
            }
            nodes = List.copyOf(results);
        }
        return nodes;
    }

    /** @return the dispatch id */
    public String id() {
        return dispatch.id();
    }

    /** @return the lattice's display name */
    public String lattice() {
        return dispatch.latticeName();
    }

    /** @return the lattice's id */
    public String latticeId() {
        return dispatch.latticeId();
    }

    /** @return the dispatch's status */
    public DispatchStatus status() {
        return dispatch.status();
    }

    /** @return when it was dispatched */
    public Instant createdAt() {
        return dispatch.createdAt();
    }

    /** @return when it ended, if it has */
    public Optional<Instant> endedAt() {
        return Optional.ofNullable(dispatch.endedAt());
    }

    /** @return the reuse policy it ran with ({@code all}, {@code none}, {@code from:<id>}) */
    public String reuse() {
        return dispatch.reuse();
    }

    /** @return the dispatch this one re-ran, if it is a redispatch */
    public Optional<String> redispatchOf() {
        return Optional.ofNullable(dispatch.redispatchOf());
    }

    /** @return a one-line summary of why it did not complete */
    public Optional<String> error() {
        return Optional.ofNullable(dispatch.error());
    }

    /** @return every node, inputs and constants included, in graph order */
    public List<NodeResult> nodes() {
        return loadedNodes();
    }

    /** @return the electron nodes only, in graph order */
    public List<NodeResult> electronNodes() {
        return loadedNodes().stream()
                .filter(node -> node.kind() == NodeKind.ELECTRON)
                .collect(Collectors.toList());
    }

    /**
     * Finds a node by name: an electron's name ({@code task1}; {@code task1#2} for its second call)
     * or an input's name. A path {@code round2/task0} finds a node of the child dispatch a
     * sublattice node ran.
     *
     * @param name the node's name or path
     * @return the node
     * @throws NoSuchElementException naming the nodes that exist
     */
    public NodeResult node(String name) {
        int slash = name.indexOf('/');
        if (slash > 0) {
            return sublattice(name.substring(0, slash)).node(name.substring(slash + 1));
        }
        List<NodeResult> all = loadedNodes();
        for (NodeResult node : all) {
            if (node.name().equals(name)) {
                return node;
            }
        }
        throw new NoSuchElementException("dispatch " + id() + " has no node named '" + name + "'; its nodes are "
                + all.stream().map(NodeResult::name).collect(Collectors.joining(", ")));
    }

    /**
     * Reads the child dispatch that a sublattice node ran: its nodes, statuses and values.
     *
     * @param name the sublattice node's name
     * @return the child's result
     * @throws NoSuchElementException when the node is not a sublattice or has not started its child
     */
    public DispatchResult<Object> sublattice(String name) {
        NodeResult node = node(name);
        for (DispatchRecord candidate : values.dispatches()) {
            if (id().equals(candidate.parentId())
                    && Integer.valueOf(node.index()).equals(candidate.parentNode())) {
                return new DispatchResult<>(candidate, values);
            }
        }
        throw new NoSuchElementException("node " + name + " of dispatch " + id() + " ran no sublattice"
                + (node.kind() == NodeKind.SUBLATTICE ? " (yet)" : ": it is " + node.kind()));
    }

    /** @return for the child dispatch of a sublattice, the parent dispatch's id */
    public Optional<String> parentId() {
        return Optional.ofNullable(dispatch.parentId());
    }

    /**
     * Loads the lattice's result.
     *
     * @return the value
     * @throws DispatchFailedException when the dispatch did not complete
     */
    @SuppressWarnings("unchecked")
    public R value() {
        if (dispatch.status() != DispatchStatus.COMPLETED) {
            throw new DispatchFailedException(
                    id(),
                    dispatch.status(),
                    "dispatch " + id() + " of " + lattice() + " is " + dispatch.status()
                            + (dispatch.error() == null ? "" : ": " + dispatch.error())
                            + "; see nodes() for each node's status and stack trace");
        }
        int output = dispatch.outputNode();
        synchronized (this) {
            if (nodes != null) {
                return (R) nodes.get(output).value();
            }
        }
        NodeRecord record = values.node(dispatch.id(), output)
                .orElseThrow(() -> new IllegalStateException("dispatch " + id() + " is COMPLETED but its output node "
                        + output + " is not in the store: the store was edited or damaged; redispatch it"));
        return (R) new NodeResult(dispatch, record, values).value();
    }

    @Override
    public String toString() {
        return "dispatch " + id() + " of " + lattice() + ": " + status();
    }
}
