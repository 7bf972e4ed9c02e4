package dev.valence.runtime.internal.engine;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.graph.Parameter;
import dev.valence.runtime.graph.Workflow;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.RecordedFailure;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoredValue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one dispatch: an event-driven scheduler over the graph. A node that ends releases its
 * dependants whose arguments are all ready, at once and on their executors; nothing polls or
 * sleeps. A failed node cancels its dependants; independent branches run to the end and keep their
 * results.
 */
final class DispatchRun implements RunHandle {
    private final String id;
    private final Reuse reuse;
    private final RunServices services;
    private final ResultStore store;
    private final Values values;
    private final ReusePlanner planner;
    private final Clock clock;
    private final NodeState[] states;
    private final int[][] dependants;
    private final AtomicInteger unsettled = new AtomicInteger();
    private final CompletableFuture<DispatchStatus> done = new CompletableFuture<>();
    private final int output;
    private final List<DispatchRun> children = new CopyOnWriteArrayList<>();
    private volatile boolean cancelled;

    DispatchRun(String id, Graph graph, int output, Reuse reuse, RunServices services) {
        this.id = id;
        this.output = output;
        this.reuse = reuse;
        this.services = services;
        this.store = services.store();
        this.values = services.values();
        this.planner = services.planner();
        this.clock = services.clock();
        List<Node> nodes = graph.nodes();
        this.states = new NodeState[nodes.size()];
        List<List<Integer>> edges = new ArrayList<>(nodes.size());
        for (Node node : nodes) {
            states[node.index()] = new NodeState(node);
            edges.add(new ArrayList<>());
        }
        for (Node node : nodes) {
            for (int argument : node.arguments()) {
                edges.get(argument).add(node.index());
            }
        }
        this.dependants = new int[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            dependants[i] = edges.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CompletableFuture<DispatchStatus> done() {
        return done;
    }

    NodeStatus status(int index) {
        return states[index].status.get();
    }

    /**
     * Fingerprints and encodes the inputs and constants; throws before anything is recorded when
     * one cannot be stored, so bad input never leaves a half-made dispatch behind.
     */
    List<StoredValue> prepareLiterals() {
        return Literals.prepare(states, dependants, values);
    }

    List<NodeRecord> records() {
        List<NodeRecord> records = new ArrayList<>(states.length);
        for (NodeState state : states) {
            records.add(state.record());
        }
        return records;
    }

    /** Starts the electrons whose arguments are all inputs or constants. Call after the dispatch is recorded. */
    void start() {
        List<Integer> ready = new ArrayList<>();
        int electrons = 0;
        for (NodeState state : states) {
            if (isLiteral(state.node)) {
                continue;
            }
            electrons++;
            int waiting = 0;
            for (int argument : state.node.arguments()) {
                if (!isLiteral(states[argument].node)) {
                    waiting++;
                }
            }
            state.waitingFor.set(waiting);
            if (waiting == 0) {
                ready.add(state.node.index());
            }
        }
        unsettled.set(electrons);
        if (electrons == 0) {
            finish();
            return;
        }
        for (int index : ready) {
            submit(index);
        }
    }

    /** Cancels every node that has not started; running electrons finish and keep their results. */
    @Override
    public void cancel() {
        cancelled = true;
        children.forEach(DispatchRun::cancel);
        for (NodeState state : states) {
            if (state.status.compareAndSet(NodeStatus.PENDING, NodeStatus.CANCELLED)) {
                state.outcome = NodeOutcome.CANCELLED;
                state.reason = "cancelled: the dispatch was cancelled";
                record(state, null, false);
                settle(state.node.index());
            }
        }
    }

    private void submit(int index) {
        NodeState state = states[index];
        if (state.status.compareAndSet(NodeStatus.PENDING, NodeStatus.RUNNING)) {
            execute(state, () -> run(state));
        }
    }

    /**
     * Runs a step of a node on the node's executor; a refusing executor fails the node. So does an
     * executor that throws anything else: an executor that runs steps on the calling thread throws
     * what the step threw, after the step ended its node, which {@link #fail} then leaves alone.
     */
    private void execute(NodeState state, Runnable step) {
        String executor = state.electron == null ? "" : state.electron.executor();
        try {
            services.executors().apply(executor).execute(step);
        } catch (RejectedExecutionException e) {
            fail(
                    state,
                    new ValenceException(
                            "the executor '" + executor
                                    + "' refused the node (was Valence closed while the dispatch ran?)",
                            e));
        } catch (Throwable e) {
            fail(state, new ValenceException("the executor '" + executor + "' failed to run the node: " + e, e));
        }
    }

    /** Asks the planner whether the node runs, reuses a stored result or replays a failure, and acts on it. */
    private void run(NodeState state) {
        if (cancelIfRequested(state)) {
            return;
        }
        if (state.node.kind() == NodeKind.SUBLATTICE) {
            runSublattice(state);
            return;
        }
        try {
            if (state.cacheKey == null) {
                state.cacheKey = cacheKey(state);
            }
            act(state, planner.plan(state.electron, state.cacheKey, reuse));
        } catch (Throwable e) {
            fail(state, e);
        }
    }

    private void act(NodeState state, ReusePlanner.Decision decision) throws Exception {
        if (decision instanceof ReusePlanner.ReuseResult reused) {
            reuse(state, reused.hit());
        } else if (decision instanceof ReusePlanner.ReplayFailure replay) {
            replayFailure(state, replay.failure());
        } else {
            ReusePlanner.Compute compute = (ReusePlanner.Compute) decision;
            state.replaces = compute.replaces();
            if (compute.singleFlight()) {
                claim(state, compute.reason());
            } else {
                compute(state, compute.reason(), compute.index());
            }
        }
    }

    /**
     * Builds a sublattice's graph with its arguments' values and runs it as a child dispatch; the
     * node ends with the child's result. The child's electrons are reused one by one like any others.
     */
    private void runSublattice(NodeState state) {
        DispatchRun child;
        try {
            Object[] arguments = new Object[state.node.arguments().size()];
            for (int i = 0; i < arguments.length; i++) {
                arguments[i] = states[state.node.arguments().get(i)].value(values);
            }
            state.startedAt = clock.instant();
            Workflow<?> workflow = ((Node.Sublattice) state.node).lattice().workflow(arguments);
            child = services.children().start(workflow, reuse, id, state.node.index());
        } catch (Throwable e) {
            fail(state, e);
            return;
        }
        children.add(child);
        state.reason = "ran: the sublattice ran as child dispatch " + child.id();
        child.done()
                .whenComplete((status, error) -> guarded(state, () -> {
                    if (error == null && status == DispatchStatus.COMPLETED) {
                        state.fingerprint = child.outputFingerprint();
                        state.endedAt = clock.instant();
                        state.end(NodeStatus.COMPLETED, NodeOutcome.COMPUTED);
                        record(state, null, false);
                        settle(state.node.index());
                    } else {
                        fail(
                                state,
                                new ValenceException(
                                        "the sublattice "
                                                + ((Node.Sublattice) state.node)
                                                        .lattice()
                                                        .name() + " (child dispatch "
                                                + child.id() + ") ended " + (error != null ? "with " + error : status)
                                                + child.failureSummary()
                                                        .map(summary -> ": " + summary)
                                                        .orElse(""),
                                        error));
                    }
                }));
    }

    /** @return the fingerprint of the output node's value, once the dispatch completed */
    String outputFingerprint() {
        return states[output].fingerprint;
    }

    /** @return the first failed node's summary, if any */
    Optional<String> failureSummary() {
        for (NodeState state : states) {
            if (state.status.get() == NodeStatus.FAILED) {
                return Optional.of("node " + state.node.name() + " failed: " + Failures.firstLine(state.error));
            }
        }
        return Optional.empty();
    }

    private static boolean isLiteral(Node node) {
        return node instanceof Node.Literal;
    }

    /** The node's key: its electron, and the fingerprints of the arguments of its keyed parameters. */
    private String cacheKey(NodeState state) {
        ElectronRef<?> electron = state.electron;
        List<Parameter> parameters = electron.parameters();
        List<String> argumentFingerprints = new ArrayList<>(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).keyed()) {
                argumentFingerprints.add(states[state.node.arguments().get(i)].fingerprint);
            }
        }
        return Values.cacheKey(electron, argumentFingerprints);
    }

    /**
     * Single flight within the process: the first node to claim a key leads; the others wait for
     * it without holding a thread, then start over (and reuse its stored result).
     */
    private void claim(NodeState state, String reason) {
        CompletableFuture<CachedResult> mine = new CompletableFuture<>();
        CompletableFuture<CachedResult> leader = services.singleFlight().claim(state.cacheKey, mine);
        if (leader != null) {
            leader.whenComplete((result, error) -> guarded(state, () -> execute(state, () -> run(state))));
            return;
        }
        lead(state, mine, reason, 0);
    }

    /**
     * Single flight across processes: re-check the store (the last leader may just have finished),
     * take the key's lease, and compute; while another process holds the lease, look again later.
     * This wait is the one place Valence polls: processes share nothing but the store.
     */
    private void lead(NodeState state, CompletableFuture<CachedResult> mine, String reason, int attempt) {
        boolean waiting = false;
        CompletableFuture<Void> stored = CompletableFuture.completedFuture(null);
        try {
            if (cancelIfRequested(state)) {
                return;
            }
            String why = reason;
            if (attempt > 0) {
                ReusePlanner.Decision again = planner.lookup(state.cacheKey, reuse);
                if (again instanceof ReusePlanner.ReuseResult reused) {
                    reuse(state, reused.hit());
                    return;
                }
                why = keepFirstReason(reason, (ReusePlanner.Compute) again, state);
            }
            if (!services.leases().tryTake(state.cacheKey)) {
                Duration delay = services.leases().recheckDelay(attempt);
                String next = why;
                services.timer()
                        .schedule(
                                () -> guarded(state, () -> execute(state, () -> lead(state, mine, next, attempt + 1))),
                                delay.toNanos(),
                                TimeUnit.NANOSECONDS);
                // Only once the look is scheduled: a timer that refuses fails the node, and the
                // nodes waiting on this one must then be released below.
                waiting = true;
                return;
            }
            try {
                // Taking the lease and finding the result are not one step: look once more.
                ReusePlanner.Decision leased = planner.lookup(state.cacheKey, reuse);
                if (leased instanceof ReusePlanner.ReuseResult reused) {
                    reuse(state, reused.hit());
                } else {
                    stored = compute(state, keepFirstReason(why, (ReusePlanner.Compute) leased, state), true);
                }
            } finally {
                // Other processes may take over only once the result is committed where they can see it.
                afterwards(stored, state, () -> services.leases().release(state.cacheKey));
            }
        } catch (Throwable e) {
            fail(state, e);
        } finally {
            if (!waiting) {
                afterwards(stored, state, () -> {
                    services.singleFlight().release(state.cacheKey, mine);
                    mine.complete(null);
                });
            }
        }
    }

    /**
     * The reason a node computes after another look: an unusable stored value found now explains
     * more than a plain miss, and its fresh value must replace the stored one.
     */
    private static String keepFirstReason(String previous, ReusePlanner.Compute again, NodeState state) {
        if (again.replaces() == null) {
            return previous;
        }
        state.replaces = again.replaces();
        return again.reason();
    }

    /** Runs a callback on the node's executor once a future completes (see {@link Failures#afterwards}). */
    private void afterwards(CompletableFuture<?> future, NodeState state, Runnable callback) {
        Executor executor = services.executors().apply(state.electron == null ? "" : state.electron.executor());
        Failures.afterwards(future, executor, state.node.name(), () -> guarded(state, callback));
    }

    /**
     * Runs a callback that a future, the timer or an executor calls, where a throw would be
     * swallowed: whatever it throws fails the node instead of leaving it without an end.
     */
    private void guarded(NodeState state, Runnable callback) {
        try {
            callback.run();
        } catch (Throwable e) {
            fail(state, e);
        }
    }

    private boolean cancelIfRequested(NodeState state) {
        if (!cancelled) {
            return false;
        }
        state.end(NodeStatus.CANCELLED, NodeOutcome.CANCELLED);
        state.reason = "cancelled: the dispatch was cancelled";
        record(state, null, false);
        settle(state.node.index());
        return true;
    }

    /**
     * Runs the electron and stores its value; the dependants are released once the value is
     * durable (see {@link dev.valence.runtime.CheckpointMode}).
     *
     * @return completes when the value is durable
     */
    private CompletableFuture<Void> compute(NodeState state, String reason, boolean indexResult) throws Exception {
        ElectronRef<?> electron = state.electron;
        state.reason = reason;
        Object[] arguments = new Object[state.node.arguments().size()];
        for (int i = 0; i < arguments.length; i++) {
            arguments[i] = states[state.node.arguments().get(i)].value(values);
        }
        state.startedAt = clock.instant();
        Object result;
        try {
            result = services.invoker()
                    .invoke(electron, arguments, attempt -> state.attempts = attempt, () -> cancelled);
        } catch (Throwable e) {
            // Any Throwable, an OutOfMemoryError included: it ends the node instead of its thread.
            // Only the electron's own failures may be reused (Reuse.withFailures()); a failure of
            // Valence around it (a value it cannot store or read) is not a property of the call.
            state.reason = "failed: the electron threw " + e;
            state.outcome = NodeOutcome.ELECTRON_FAILED;
            throw e;
        }
        String fingerprint = values.fingerprint(result);
        StoredValue stored = values.encode(result, fingerprint, state.node.type());
        if (fingerprint.equals(state.replaces)) {
            // Encoded by this process, so readable here: it replaces the stored bytes this process could not use.
            store.values().replaceValue(stored);
            values.replaced(fingerprint);
        }
        state.fingerprint = fingerprint;
        state.holdValue(result);
        state.endedAt = clock.instant();
        state.end(NodeStatus.COMPLETED, NodeOutcome.COMPUTED);
        // Fencing: a holder paused past its lease keeps its result but leaves the index to the
        // process that took the key over.
        CompletableFuture<Void> durable =
                record(state, stored, indexResult && services.leases().stillHolds(state.cacheKey));
        afterwards(durable, state, () -> settle(state.node.index()));
        return durable;
    }

    private void reuse(NodeState state, CachedResult hit) {
        state.fingerprint = hit.valueFingerprint();
        state.reusedFromDispatch = hit.dispatchId();
        state.reusedFromNode = hit.nodeIndex();
        state.reason = "reused: a stored result has this key (computed by dispatch " + hit.dispatchId() + ")";
        state.endedAt = clock.instant();
        state.end(NodeStatus.REUSED, NodeOutcome.REUSED);
        record(state, null, false);
        settle(state.node.index());
    }

    /** Under {@link Reuse#withFailures()}: fails the node with a failure recorded for its key, without running it. */
    private void replayFailure(NodeState state, RecordedFailure failure) {
        state.reusedFromDispatch = failure.dispatchId();
        state.reusedFromNode = failure.nodeIndex();
        state.error = failure.error();
        state.reason = "failed: reused the failure of dispatch " + failure.dispatchId() + " (node "
                + failure.nodeIndex() + ", Reuse.withFailures()): " + Failures.firstLine(failure.error());
        state.endedAt = clock.instant();
        state.end(NodeStatus.FAILED, NodeOutcome.FAILURE_REUSED);
        record(state, null, false);
        settle(state.node.index());
    }

    /**
     * Ends a node as failed, with the error and its stack trace, and cancels its dependants. A node
     * ends once: a throw after its end (a callback of an ended node) changes nothing.
     */
    private void fail(NodeState state, Throwable error) {
        if (state.status.get().isFinal()) {
            return;
        }
        state.error = Failures.stackTrace(error);
        NodeOutcome outcome = state.outcome;
        if (outcome != NodeOutcome.ELECTRON_FAILED) {
            outcome = NodeOutcome.FAILED;
            state.reason = "failed: " + error;
        }
        if (state.endedAt == null) {
            state.endedAt = clock.instant();
        }
        state.end(NodeStatus.FAILED, outcome);
        record(state, null, false);
        settle(state.node.index());
    }

    /**
     * Records a node's end. The record is visible to this process at once; the returned future
     * completes when it is as durable as the store's checkpoint mode promises.
     */
    private CompletableFuture<Void> record(NodeState state, StoredValue value, boolean indexResult) {
        CompletableFuture<Void> durable;
        try {
            durable = store.dispatchLog().finishNode(id, state.record(), value, indexResult);
        } catch (Throwable e) {
            durable = CompletableFuture.failedFuture(e);
        }
        // The node's outcome is still known in memory; the dispatch reports the store failure.
        durable.whenComplete((ignored, error) -> {
            if (error != null) {
                done.completeExceptionally(error);
            }
        });
        return durable;
    }

    /** Marks a node ended: releases or cancels its dependants, and finishes the dispatch after the last node. */
    private void settle(int index) {
        Deque<Integer> ended = new ArrayDeque<>();
        ended.push(index);
        while (!ended.isEmpty()) {
            int current = ended.pop();
            boolean hasValue = states[current].status.get().hasValue();
            for (int dependant : dependants[current]) {
                NodeState next = states[dependant];
                if (hasValue) {
                    if (next.waitingFor.decrementAndGet() == 0) {
                        submit(dependant);
                    }
                } else if (next.status.compareAndSet(NodeStatus.PENDING, NodeStatus.CANCELLED)) {
                    next.outcome = NodeOutcome.CANCELLED;
                    next.reason = "cancelled: its argument " + states[current].node.name() + " has no value";
                    record(next, null, false);
                    ended.push(dependant);
                }
            }
            if (!isLiteral(states[current].node) && unsettled.decrementAndGet() == 0) {
                finish();
            }
        }
    }

    private void finish() {
        DispatchStatus status = DispatchStatus.COMPLETED;
        String error = null;
        for (NodeState state : states) {
            NodeStatus nodeStatus = state.status.get();
            if (nodeStatus == NodeStatus.FAILED && error == null) {
                status = DispatchStatus.FAILED;
                error = "node " + state.node.name() + " failed: " + Failures.firstLine(state.error);
            }
        }
        if (cancelled && status == DispatchStatus.COMPLETED) {
            status = DispatchStatus.CANCELLED;
            error = "the dispatch was cancelled";
        }
        try {
            store.dispatchLog().finishDispatch(id, status, clock.instant(), error);
            done.complete(status);
        } catch (Throwable e) {
            done.completeExceptionally(e);
        }
    }
}
