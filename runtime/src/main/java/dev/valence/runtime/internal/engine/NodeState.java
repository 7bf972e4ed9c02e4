package dev.valence.runtime.internal.engine;

import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The live state of one node during a dispatch. Fields are written by the one thread that runs the node. */
final class NodeState {
    final Node node;
    /** The electron the node's step runs, or null for literals and sublattices. */
    final ElectronRef<?> electron;

    final AtomicReference<NodeStatus> status = new AtomicReference<>(NodeStatus.PENDING);
    /** Argument occurrences whose nodes have not ended yet; the node is ready at zero. */
    final AtomicInteger waitingFor = new AtomicInteger();

    volatile String fingerprint;
    volatile String cacheKey;
    volatile Instant startedAt;
    volatile Instant endedAt;
    volatile int attempts;
    volatile String reusedFromDispatch;
    volatile Integer reusedFromNode;
    volatile String error;
    volatile String reason;
    /** How the node ended; read by reuse decisions, unlike the reason's prose. */
    volatile NodeOutcome outcome = NodeOutcome.PENDING;
    /** The fingerprint of a stored value this process cannot use, which this node's fresh value replaces. */
    volatile String replaces;

    private Object value;
    private boolean valueLoaded;

    NodeState(Node node) {
        this.node = node;
        this.electron = node instanceof Node.Step step ? step.electron() : null;
    }

    /** Ends the node: the outcome first, so that whoever sees the status sees the outcome too. */
    void end(NodeStatus ended, NodeOutcome how) {
        outcome = how;
        status.set(ended);
    }

    synchronized void holdValue(Object computed) {
        value = computed;
        valueLoaded = true;
    }

    /** Returns the value, loading a reused value from the store on first use only. */
    synchronized Object value(Values values) {
        if (!valueLoaded) {
            value = values.load(fingerprint, node.type());
            valueLoaded = true;
        }
        return value;
    }

    NodeRecord record() {
        return new NodeRecord(
                node.index(),
                node.name(),
                node.kind(),
                electron == null ? null : electron.id(),
                electron == null ? null : electron.catalog(),
                node.type(),
                node.arguments(),
                status.get(),
                outcome,
                startedAt,
                endedAt,
                attempts,
                cacheKey,
                fingerprint,
                reusedFromDispatch,
                reusedFromNode,
                error,
                electron == null ? null : electron.codeFingerprint(),
                electron == null ? null : electron.version(),
                reason);
    }
}
