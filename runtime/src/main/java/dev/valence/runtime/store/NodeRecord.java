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
    /** Copies the argument list. */
    public NodeRecord {
        arguments = List.copyOf(arguments);
    }
}
