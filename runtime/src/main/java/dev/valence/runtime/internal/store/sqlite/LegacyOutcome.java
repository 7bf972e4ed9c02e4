package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.NodeOutcome;

/**
 * The outcome of a node recorded before stores kept it in a column (schema 5 and older), read from
 * its status and the words its reason began with then. Used only to migrate or read such rows; new
 * rows store the outcome itself, and nothing decides reuse from prose.
 */
final class LegacyOutcome {
    /** How the reason of a node whose electron itself threw began. */
    static final String ELECTRON_FAILED = "failed: the electron threw ";
    /** How the reason of a node that reused a recorded failure began. */
    static final String REUSED_FAILURE = "failed: reused the failure of ";

    private LegacyOutcome() {}

    static NodeOutcome of(NodeKind kind, NodeStatus status, String reason) {
        switch (status) {
            case PENDING:
            case RUNNING:
                return NodeOutcome.PENDING;
            case REUSED:
                return NodeOutcome.REUSED;
            case CANCELLED:
                return NodeOutcome.CANCELLED;
            case COMPLETED:
                return kind == NodeKind.INPUT || kind == NodeKind.CONSTANT ? NodeOutcome.GIVEN : NodeOutcome.COMPUTED;
            default:
                if (reason != null && reason.startsWith(ELECTRON_FAILED)) {
                    return NodeOutcome.ELECTRON_FAILED;
                }
                if (reason != null && reason.startsWith(REUSED_FAILURE)) {
                    return NodeOutcome.FAILURE_REUSED;
                }
                return NodeOutcome.FAILED;
        }
    }
}
