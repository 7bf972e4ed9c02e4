package dev.valence.runtime.spi.store;

import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
 * @param outcome how the node ended, which reuse decisions read (the status says less: a failure of
 *     the electron and a failure of Valence around it are both {@code FAILED})
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
 * @param output what its Java electron printed, or null when it printed nothing, did not run, or
 *     output capture is off
 */
public record NodeRecord(
        int index,
        String name,
        NodeKind kind,
        String electronId,
        String electronCatalog,
        String type,
        List<Integer> arguments,
        NodeStatus status,
        NodeOutcome outcome,
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
        String reason,
        CapturedOutput output) {
    /** @return whether this is a failure of the electron itself (or the reuse of one), which policies may reuse */
    public boolean isReusableFailure() {
        return status == NodeStatus.FAILED && outcome.isReusableFailure();
    }

    /**
     *
     * Copies the argument list: the record is immutable.
     *
     *
     *
     * @param index the node's index in the graph
     *
     * @param name the node's name
     *
     * @param kind input, constant or electron call
     *
     * @param electronId the id of the electron that ran (after replacement), or null
     *
     * @param electronCatalog the catalog listing that electron, or null
     *
     * @param type the canonical type of the node's value
     *
     * @param arguments indexes of its argument nodes
     *
     * @param status the node's status
     *
     * @param outcome how the node ended, which reuse decisions read (the status says less: a failure of the electron and a failure of Valence around it are both {@code FAILED})
     *
     * @param startedAt when its electron started, or null
     *
     * @param endedAt when it ended, or null
     *
     * @param attempts how many times its electron was started
     *
     * @param cacheKey its cache key, or null when not computed
     *
     * @param valueFingerprint the fingerprint of its value, or null
     *
     * @param reusedFromDispatch for a reused node, the dispatch that computed the value
     *
     * @param reusedFromNode for a reused node, the index of the node that computed it
     *
     * @param error the failure with its stack trace, or null
     *
     * @param codeFingerprint the code fingerprint of the electron that ran, or null
     *
     * @param version the version of the electron that ran, or null
     *
     * @param reason why the node ran or was reused, in words, or null while pending
     *
     * @param output what its Java electron printed, or null when it printed nothing, did not run,
     *     or output capture is off
     *
     */
    public NodeRecord {
        arguments = List.copyOf(arguments);
        Objects.requireNonNull(outcome, "outcome");
    }
}
