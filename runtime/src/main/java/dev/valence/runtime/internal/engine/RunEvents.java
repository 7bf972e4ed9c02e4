package dev.valence.runtime.internal.engine;

import dev.valence.runtime.DispatchEvent;
import dev.valence.runtime.DispatchListener;
import dev.valence.runtime.DispatchStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events and log lines of one dispatch. With no listener, no event object is made: the
 * scheduler's cost is one branch per transition. Log lines go to SLF4J ({@code
 * dev.valence.runtime.dispatch}): dispatch start and end at INFO, node transitions at DEBUG.
 */
final class RunEvents {
    private static final Logger LOG = LoggerFactory.getLogger("dev.valence.runtime.dispatch");

    private final String dispatchId;
    private final EventBus bus;
    private final List<DispatchListener> listeners;
    private final Clock clock;
    private final boolean enabled;

    RunEvents(String dispatchId, EventBus bus, List<DispatchListener> listeners, Clock clock) {
        this.dispatchId = dispatchId;
        this.bus = bus;
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
        this.enabled = !this.listeners.isEmpty();
    }

    /** @return the listeners, which a child dispatch reports to as well */
    List<DispatchListener> listeners() {
        return listeners;
    }

    /** @return the events of a child dispatch (a sublattice's), for the same listeners */
    RunEvents forChild(String childId) {
        return new RunEvents(childId, bus, listeners, clock);
    }

    void dispatchStarted(String latticeName, String parentId, int nodes) {
        LOG.info(
                "dispatch {} of {} started ({} nodes to run{})",
                dispatchId,
                latticeName,
                nodes,
                parentId == null ? "" : ", child of " + parentId);
        if (enabled) {
            post(new DispatchEvent.DispatchStarted(dispatchId, clock.instant(), latticeName, parentId, nodes));
        }
    }

    void dispatchEnded(DispatchStatus status, String error) {
        if (error == null) {
            LOG.info("dispatch {} ended {}", dispatchId, status);
        } else {
            LOG.info("dispatch {} ended {}: {}", dispatchId, status, error);
        }
        if (enabled) {
            post(new DispatchEvent.DispatchEnded(dispatchId, clock.instant(), status, error));
        }
    }

    void ready(NodeState state) {
        LOG.debug("dispatch {}: node {} is ready", dispatchId, state.node.name());
        if (enabled) {
            post(new DispatchEvent.NodeReady(dispatchId, clock.instant(), state.node.index(), state.node.name()));
        }
    }

    void started(NodeState state, int attempt) {
        LOG.debug("dispatch {}: node {} started attempt {}", dispatchId, state.node.name(), attempt);
        if (enabled) {
            post(new DispatchEvent.NodeStarted(
                    dispatchId, clock.instant(), state.node.index(), state.node.name(), attempt));
        }
    }

    void retrying(NodeState state, int attempt, Throwable error, Duration delay) {
        LOG.debug(
                "dispatch {}: node {} attempt {} failed ({}); retrying in {}",
                dispatchId,
                state.node.name(),
                attempt,
                error,
                delay);
        if (enabled) {
            post(new DispatchEvent.NodeRetrying(
                    dispatchId,
                    clock.instant(),
                    state.node.index(),
                    state.node.name(),
                    attempt,
                    Failures.firstLine(error.toString()),
                    delay));
        }
    }

    /** Reports a node's end, by the status it ended with. */
    void ended(NodeState state) {
        String name = state.node.name();
        int index = state.node.index();
        switch (state.status.get()) {
            case COMPLETED -> {
                LOG.debug("dispatch {}: node {} completed", dispatchId, name);
                if (enabled) {
                    post(new DispatchEvent.NodeCompleted(dispatchId, clock.instant(), index, name, state.attempts));
                }
            }
            case REUSED -> {
                LOG.debug(
                        "dispatch {}: node {} reused the result of dispatch {}",
                        dispatchId,
                        name,
                        state.reusedFromDispatch);
                if (enabled) {
                    post(new DispatchEvent.NodeReused(
                            dispatchId, clock.instant(), index, name, state.reusedFromDispatch, state.reusedFromNode));
                }
            }
            case FAILED -> {
                LOG.debug("dispatch {}: node {} failed: {}", dispatchId, name, state.reason);
                if (enabled) {
                    post(new DispatchEvent.NodeFailed(
                            dispatchId, clock.instant(), index, name, Failures.firstLine(state.error)));
                }
            }
            case CANCELLED -> {
                LOG.debug("dispatch {}: node {} {}", dispatchId, name, state.reason);
                if (enabled) {
                    post(new DispatchEvent.NodeCancelled(dispatchId, clock.instant(), index, name, state.reason));
                }
            }
            default -> throw new IllegalStateException("node " + name + " has not ended");
        }
    }

    private void post(DispatchEvent event) {
        bus.post(listeners, event);
    }
}
