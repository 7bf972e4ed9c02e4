package dev.valence.runtime.internal.engine;

import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.spi.execution.RemoteExecutor;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.execution.TaskResult;
import dev.valence.runtime.spi.store.CapturedOutput;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.StoredValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's half of a node whose electron runs on a worker: everything but the call stays
 * here (planning, reuse, single flight and leases happened before, in {@link DispatchRun}); this
 * class sends the call, marks the node running, and records the answer as a local computation
 * would be recorded, with the value the worker already stored. A node that ended meanwhile (a
 * cancel) ignores the late answer.
 */
final class RemoteNodes {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteNodes.class);
    /** Strings up to this length are carried in the task. */
    private static final int INLINE_CHARS = 512;
    /** Encoded arguments up to this size are carried in the task. */
    private static final int INLINE_BYTES = 2048;

    private final String dispatchId;
    private final NodeState[] states;
    private final RunServices services;
    private final NodeEnds ends;
    private final IntConsumer settle;
    private final BiConsumer<NodeState, Throwable> fail;

    RemoteNodes(
            String dispatchId,
            NodeState[] states,
            RunServices services,
            NodeEnds ends,
            IntConsumer settle,
            BiConsumer<NodeState, Throwable> fail) {
        this.dispatchId = dispatchId;
        this.states = states;
        this.services = services;
        this.ends = ends;
        this.settle = settle;
        this.fail = fail;
    }

    /**
     * Sends the node's call to the executor.
     *
     * @param executorName the executor's registered name, for messages
     * @return completes once the node's end is durable (the caller's lease is released then)
     */
    CompletableFuture<Void> compute(
            NodeState state, String executorName, RemoteExecutor executor, String reason, boolean indexResult) {
        RemoteTask task = task(state);
        if (!ends.start(state, 1, false)) {
            return CompletableFuture.completedFuture(null);
        }
        if (needsCheckpoint(state)) {
            // Workers read the arguments from the store: a value this process computed may still
            // wait in the embedded store's group commit, where other processes cannot see it.
            services.store().dispatchLog().checkpoint();
        }
        // Once: a cancel that lands while the task is being sent is seen by both the end and the check below.
        AtomicBoolean cancelSent = new AtomicBoolean();
        Runnable cancelOnce = () -> {
            if (cancelSent.compareAndSet(false, true)) {
                cancel(executor, task, executorName);
            }
        };
        state.remoteCancel = cancelOnce;
        CompletableFuture<TaskResult> answer;
        try {
            answer = executor.submit(task);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        if (state.status.get().isFinal()) {
            // Cancelled while the task was being sent: the cancel may have reached no worker.
            cancelOnce.run();
        }
        CompletableFuture<Void> stored = new CompletableFuture<>();
        CompletableFuture<TaskResult> sent = answer;
        Failures.afterwards(answer, services.executors().apply(""), state.node.name(), () -> {
            try {
                state.remoteCancel = null;
                CompletableFuture<Void> durable;
                try {
                    durable = record(state, sent.join(), reason, indexResult);
                } catch (CompletionException | CancellationException e) {
                    durable = lost(state, executorName, e.getCause() != null ? e.getCause() : e);
                }
                durable.whenComplete((ignored, failure) -> stored.complete(null));
            } catch (Throwable e) {
                fail.accept(state, e);
                stored.complete(null);
            }
        });
        return stored;
    }

    private RemoteTask task(NodeState state) {
        List<String> fingerprints = new ArrayList<>(state.node.arguments().size());
        List<String> types = new ArrayList<>(state.node.arguments().size());
        Map<Integer, RemoteTask.Inline> inlined = new HashMap<>();
        for (int argument : state.node.arguments()) {
            NodeState upstream = states[argument];
            RemoteTask.Inline inline = inline(upstream);
            if (inline != null) {
                inlined.put(fingerprints.size(), inline);
            }
            fingerprints.add(upstream.fingerprint);
            types.add(upstream.node.type());
        }
        return new RemoteTask(
                dispatchId + "/" + state.node.index(),
                dispatchId,
                state.node.index(),
                state.node.name(),
                state.electron.id(),
                state.electron.catalog(),
                state.electron.codeFingerprint(),
                fingerprints,
                types,
                state.node.type(),
                state.replaces,
                inlined);
    }

    /**
     * A small argument this process holds, encoded for the task, so that the worker need not read
     * it from the store: boxed primitives, short strings and enum constants (a fan-out's index, a
     * parameter of a sweep); null for anything else, which the worker reads by fingerprint.
     */
    private RemoteTask.Inline inline(NodeState upstream) {
        Object value = upstream.heldValue();
        boolean small = value instanceof Number
                || value instanceof Boolean
                || value instanceof Character
                || value instanceof Enum<?>
                || (value instanceof String text && text.length() <= INLINE_CHARS);
        if (!small || upstream.fingerprint == null) {
            return null;
        }
        StoredValue encoded = services.values().encode(value, upstream.fingerprint, upstream.node.type());
        if (!encoded.blobs().isEmpty() || encoded.data().length > INLINE_BYTES) {
            return null;
        }
        return new RemoteTask.Inline(encoded.codec(), encoded.type(), encoded.data());
    }

    private boolean needsCheckpoint(NodeState state) {
        for (int argument : state.node.arguments()) {
            if (states[argument].computedHere) {
                return true;
            }
        }
        return false;
    }

    private static void cancel(RemoteExecutor executor, RemoteTask task, String executorName) {
        try {
            executor.cancel(task);
        } catch (RuntimeException e) {
            // The node has ended already; a worker that keeps running only has its answer ignored.
            LOG.warn(
                    "the remote executor '{}' could not cancel task {}: {}", executorName, task.taskId(), e.toString());
        }
    }

    /** No worker answered: a failure of the cluster, not of the electron, so never reused as one. */
    private CompletableFuture<Void> lost(NodeState state, String executorName, Throwable error) {
        fail.accept(
                state,
                new ValenceException(
                        "the remote executor '" + executorName + "' got no answer for node " + state.node.name() + ": "
                                + error + "; check that workers are running and share this store",
                        error));
        return CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> record(NodeState state, TaskResult result, String reason, boolean indexResult) {
        if (result.outcome() != TaskResult.Outcome.COMPUTED) {
            NodeOutcome how = result.outcome() == TaskResult.Outcome.ELECTRON_FAILED
                    ? NodeOutcome.ELECTRON_FAILED
                    : NodeOutcome.FAILED;
            CompletableFuture<Void> ended = ends.end(state, NodeStatus.FAILED, how, null, false, () -> {
                fillRun(state, result);
                state.error = result.stackTrace() != null ? result.stackTrace() : result.errorLine();
                state.reason = (how == NodeOutcome.ELECTRON_FAILED ? "failed: the electron threw " : "failed: ")
                        + result.errorLine() + " (on worker " + result.workerId() + ")";
            });
            if (ended != null) {
                settle.accept(state.node.index());
            }
            return CompletableFuture.completedFuture(null);
        }
        // Fencing, as for a local computation: a holder paused past its lease leaves the index alone.
        boolean index = indexResult && services.leases().stillHolds(state.cacheKey);
        CompletableFuture<Void> durable =
                ends.end(state, NodeStatus.COMPLETED, NodeOutcome.COMPUTED, null, index, () -> {
                    fillRun(state, result);
                    state.fingerprint = result.valueFingerprint();
                    state.reason = reason + " (on worker " + result.workerId() + ")";
                });
        if (durable == null) {
            return CompletableFuture.completedFuture(null);
        }
        // The worker stored the value where the dependants' workers read it; this end is ordered
        // before theirs in the store's commits, as for a local node.
        settle.accept(state.node.index());
        return durable;
    }

    private static void fillRun(NodeState state, TaskResult result) {
        if (result.attempts() > 0) {
            state.attempts = result.attempts();
        }
        if (result.startedAt() != null) {
            state.startedAt = result.startedAt();
        }
        state.endedAt = result.endedAt();
        if (result.stdout() != null || result.stderr() != null) {
            state.output = new CapturedOutput(stream(result.stdout()), stream(result.stderr()));
        }
    }

    private static CapturedOutput.Stream stream(TaskResult.Output output) {
        return output == null
                ? CapturedOutput.Stream.EMPTY
                : new CapturedOutput.Stream(output.text(), output.bytes(), output.truncated());
    }
}
