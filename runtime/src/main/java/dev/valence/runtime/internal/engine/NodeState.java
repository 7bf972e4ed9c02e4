package dev.valence.runtime.internal.engine;

import dev.valence.runtime.NodeSnapshot;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.graph.Parameter;
import dev.valence.runtime.spi.store.CapturedOutput;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The live state of one node during a dispatch. Fields are written by the one thread that runs the
 * node; its start and its end are made under the node's monitor (see {@code DispatchRun#end}), so
 * that a cancel and a late result cannot both end it, and the store sees its records in order.
 */
final class NodeState {
    final Node node;
    /** The electron the node's step runs, or null for literals and sublattices. */
    final ElectronRef<?> electron;

    final AtomicReference<NodeStatus> status = new AtomicReference<>(NodeStatus.PENDING);
    /** Argument occurrences whose nodes have not ended yet; the node is ready at zero. */
    final AtomicInteger waitingFor = new AtomicInteger();
    /** Set once, when the node is handed to its executor. */
    final AtomicBoolean ready = new AtomicBoolean();
    /** The thread running the node's electron, to interrupt on cancel; guarded by this monitor. */
    Thread worker;

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
    /** What the electron printed, once its call returned. */
    volatile CapturedOutput output;
    /** The fingerprint of a stored value this process cannot use, which this node's fresh value replaces. */
    volatile String replaces;
    /** Tells a remote executor to stop the node's task; set while a worker runs it. */
    volatile Runnable remoteCancel;
    /** Whether this process computed the value itself, so that it may wait in a group commit. */
    volatile boolean computedHere;
    /** The key index's answer from its ready wave's batched lookup, for the node's first plan only; null if none. */
    volatile ReusePlanner.Prefetched prefetched;

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

    /** @return the value if this process holds it (computed or loaded here), else null */
    synchronized Object heldValue() {
        return valueLoaded ? value : null;
    }

    /** Returns the value, loading a reused value from the store on first use only. */
    synchronized Object value(Values values) {
        if (!valueLoaded) {
            value = values.load(fingerprint, node.type());
            valueLoaded = true;
        }
        return value;
    }

    /** The node's key: its electron, and the fingerprints of the arguments of its keyed parameters. */
    String cacheKey(NodeState[] states) {
        List<Parameter> parameters = electron.parameters();
        List<String> argumentFingerprints = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).keyed()) {
                argumentFingerprints.add(states[node.arguments().get(i)].fingerprint);
            }
        }
        return Values.cacheKey(electron, argumentFingerprints);
    }

    /** @return the values of the node's arguments, loading reused ones from the store */
    Object[] arguments(NodeState[] states, Values values) {
        Object[] arguments = new Object[node.arguments().size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = states[node.arguments().get(i)].value(values);
        }
        return arguments;
    }

    NodeSnapshot snapshot() {
        return new NodeSnapshot(node.index(), node.name(), node.kind(), status.get(), startedAt, endedAt, attempts);
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
                reason,
                output);
    }
}
