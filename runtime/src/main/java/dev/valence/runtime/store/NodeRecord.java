package dev.valence.runtime.store;

import dev.valence.runtime.Graph;
import dev.valence.runtime.NodeStatus;
import java.time.Instant;
import java.util.List;

/**
 * One node of a dispatch as the store keeps it.
 *
 * @param index the node's index in the graph
 * @param name the node's name
 * @param kind input, constant or electron call
 * @param electronId the id of the electron that ran (after replacement), or null
 * @param electronCatalog the catalog listing that electron, or null
 * @param type the canonical type of the node's value
 * @param arguments indexes of its argument nodes
 * @param status the node's status
 * @param startedAt when its electron started, or null
 * @param endedAt when it ended, or null
 * @param attempts how many times its electron was started
 * @param cacheKey its cache key, or null when not computed
 * @param valueFingerprint the fingerprint of its value, or null
 * @param reusedFromDispatch for a reused node, the dispatch that computed the value
 * @param reusedFromNode for a reused node, the index of the node that computed it
 * @param error the failure with its stack trace, or null
 * @param codeFingerprint the code fingerprint of the electron that ran, or null
 * @param version the version of the electron that ran, or null
 * @param reason why the node ran or was reused, in words, or null while pending
 */
public record NodeRecord(
        int index,
        String name,
        Graph.Kind kind,
        String electronId,
        String electronCatalog,
        String type,
        List<Integer> arguments,
        NodeStatus status,
        Instant startedAt,
        Instant endedAt,
        int attempts,
        String cacheKey,
        String valueFingerprint,
        String reusedFromDispatch,
        Integer reusedFromNode,
        String error,
        String codeFingerprint,
        String version,
        String reason) {
    /**
     * How the {@link #reason} of a node whose electron itself threw begins. Only such failures, and
     * nodes that reused one, are reusable failures ({@code Reuse.withFailures()}): a failure of
     * Valence around the call (a value it cannot store or read) is not a property of the call.
     */
    public static final String ELECTRON_FAILED = "failed: the electron threw ";

    /** How the {@link #reason} of a node that reused a recorded failure begins. */
    public static final String REUSED_FAILURE = "failed: reused the failure of ";

    /** @return whether this is a failure of the electron itself (or the reuse of one), which policies may reuse */
    public boolean isReusableFailure() {
        return status == NodeStatus.FAILED
                && reason != null
                && (reason.startsWith(ELECTRON_FAILED) || reason.startsWith(REUSED_FAILURE));
    }

    /** Copies the argument list. */
    public NodeRecord {
        arguments = List.copyOf(arguments);
    }
}
