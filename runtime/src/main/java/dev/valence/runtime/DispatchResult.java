package dev.valence.runtime;

import dev.valence.runtime.store.DispatchRecord;
import dev.valence.runtime.store.NodeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The stored outcome of a dispatch: status, value, error, and every node's result. Read from the
 * store, so a new process sees exactly what the dispatching process saw. Values are loaded only
 * when asked for.
 *
 * @param <R> the type of the lattice's result
 */
public final class DispatchResult<R> {
    private final DispatchRecord dispatch;
    private final List<NodeResult> nodes;

    DispatchResult(DispatchRecord dispatch, List<NodeRecord> nodeRecords, Values values) {
        this.dispatch = dispatch;
        List<NodeResult> results = new ArrayList<>(nodeRecords.size());
        for (NodeRecord record : nodeRecords) {
            results.add(new NodeResult(record, values));
        }
        this.nodes = List.copyOf(results);
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
        return nodes;
    }

    /** @return the electron nodes only, in graph order */
    public List<NodeResult> electronNodes() {
        return nodes.stream().filter(node -> node.kind() == Graph.Kind.ELECTRON).collect(Collectors.toList());
    }

    /**
     * Finds a node by name: an electron's name ({@code task1}; {@code task1#2} for its second call)
     * or an input's name.
     *
     * @param name the node's name
     * @return the node
     * @throws NoSuchElementException naming the nodes that exist
     */
    public NodeResult node(String name) {
        for (NodeResult node : nodes) {
            if (node.name().equals(name)) {
                return node;
            }
        }
        throw new NoSuchElementException("dispatch " + id() + " has no node named '" + name + "'; its nodes are "
                + nodes.stream().map(NodeResult::name).collect(Collectors.joining(", ")));
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
        return (R) nodes.get(dispatch.outputNode()).value();
    }

    @Override
    public String toString() {
        return "dispatch " + id() + " of " + lattice() + ": " + status();
    }
}
