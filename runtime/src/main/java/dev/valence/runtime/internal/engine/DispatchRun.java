package dev.valence.runtime.internal.engine;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeSnapshot;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.graph.Workflow;
import dev.valence.runtime.spi.execution.RemoteExecutor;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.RecordedFailure;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.Scratch;
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
    private final RunEvents events;
    private final NodeEnds ends;
    private final RemoteNodes remote;
    private volatile boolean cancelled;

    DispatchRun(String id, Graph graph, int output, Reuse reuse, RunServices services, RunEvents events) {
        this.id = id;
        this.events = events;
        this.output = output;
        this.reuse = reuse;
        this.services = services;
        this.store = services.store();
        this.values = services.values();
        this.planner = services.planner();
        this.clock = services.clock();
        this.ends = new NodeEnds(id, store, clock, events, done);
        List<Node> nodes = graph.nodes();
        this.states = new NodeState[nodes.size()];
        for (Node node : nodes) {
            states[node.index()] = new NodeState(node);
        }
        this.dependants = Dependants.of(nodes);
        this.remote = new RemoteNodes(id, states, services, ends, this::settle, this::fail);
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

    /** @return the events of this dispatch, which its children report to as well */
    RunEvents events() {
        return events;
    }

    @Override
    public List<NodeSnapshot> nodes() {
        List<NodeSnapshot> nodes = new ArrayList<>(states.length);
        for (NodeState state : states) {
            nodes.add(state.snapshot());
        }
        return nodes;
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
    void start(String latticeName, String parentId) {
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
        events.dispatchStarted(latticeName, parentId, electrons);
        if (electrons == 0) {
            finish();
            return;
        }
        submitAll(ready);
    }

    /**
     * Cancels the dispatch: nodes that have not started never run, and running ones end {@code
     * CANCELLED} at once, their electrons interrupted (a command is killed with its process tree).
     * An electron that ignores the interrupt is abandoned: its late result is discarded.
     */
    @Override
    public void cancel() {
        cancelled = true;
        children.forEach(DispatchRun::cancel);
        for (NodeState state : states) {
            if (!isLiteral(state.node) && ends.cancel(state, "cancelled: the dispatch was cancelled")) {
                settle(state.node.index());
            }
        }
    }

    /** Submits nodes that became ready together, their keys looked up in one batch first. */
    private void submitAll(List<Integer> ready) {
        planner.prefetch(ready, states, reuse);
        ready.forEach(this::submit);
    }

    private void submit(int index) {
        NodeState state = states[index];
        if (state.ready.compareAndSet(false, true) && !state.status.get().isFinal()) {
            events.ready(state);
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
                state.cacheKey = state.cacheKey(states);
            }
            ReusePlanner.Prefetched prefetched = state.prefetched;
            // Only the first plan: a node that waited for identical work looks again.
            state.prefetched = null;
            act(state, planner.plan(state.electron, state.cacheKey, reuse, prefetched));
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
            Object[] arguments = state.arguments(states, values);
            if (!ends.start(state, 1, false)) {
                return;
            }
            Workflow<?> workflow = ((Node.Sublattice) state.node).lattice().workflow(arguments);
            child = services.children().start(workflow, reuse, id, state.node.index(), events);
        } catch (Throwable e) {
            fail(state, e);
            return;
        }
        children.add(child);
        if (cancelled) {
            // Cancelled while the child was being launched: the loop in cancel() may have missed it.
            child.cancel();
        }
        child.done()
                .whenComplete((status, error) -> guarded(state, () -> {
                    if (error == null && status == DispatchStatus.COMPLETED) {
                        CompletableFuture<Void> ended =
                                ends.end(state, NodeStatus.COMPLETED, NodeOutcome.COMPUTED, null, false, () -> {
                                    state.fingerprint = child.outputFingerprint();
                                    state.reason = "ran: the sublattice ran as child dispatch " + child.id();
                                });
                        if (ended != null) {
                            settle(state.node.index());
                        }
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
            Optional<Leases.Taken> taken = services.leases().tryTake(state.cacheKey, reuse.fromDispatch());
            if (taken.isEmpty()) {
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
                ReusePlanner.Decision leased = planner.afterTaking(state.cacheKey, reuse, taken.get());
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

    /** @return true when the node must not go on: it has ended (a cancel), or the dispatch was cancelled */
    private boolean cancelIfRequested(NodeState state) {
        if (state.status.get().isFinal()) {
            return true;
        }
        if (!cancelled) {
            return false;
        }
        if (ends.cancel(state, "cancelled: the dispatch was cancelled")) {
            settle(state.node.index());
        }
        return true;
    }

    /**
     * Runs the electron and records its value; the dependants are released as soon as the store
     * has accepted the record, before it is durable (see {@link dev.valence.runtime.CheckpointMode}).
     *
     * @return completes when the value is durable
     */
    private CompletableFuture<Void> compute(NodeState state, String reason, boolean indexResult) throws Exception {
        // A collection (a list of upstream values) is Valence's own step: cheap, and found by no catalog.
        RemoteExecutor worker =
                state.node instanceof Node.Call ? services.remotes().apply(state.electron.executor()) : null;
        if (worker != null) {
            return remote.compute(state, state.electron.executor(), worker, reason, indexResult);
        }
        // Temporary files of the call and of encoding its value go inside the store (see Scratch).
        Scratch.Binding scratch = Scratch.bind(store.scratchFolder().orElse(null));
        try {
            return computeBound(state, reason, indexResult);
        } finally {
            scratch.close();
        }
    }

    private CompletableFuture<Void> computeBound(NodeState state, String reason, boolean indexResult) throws Exception {
        Object[] arguments = state.arguments(states, values);
        Object result;
        ConsoleCapture.NodeOutput output = services.console().begin();
        try {
            result = services.invoker().invoke(state.electron, arguments, attempts(state));
        } catch (Throwable e) {
            // Any Throwable, an OutOfMemoryError included: it ends the node instead of its thread.
            // Only the electron's own failures may be reused (Reuse.withFailures()); a failure of
            // Valence around it (a value it cannot store or read) is not a property of the call.
            state.output = ConsoleCapture.end(output);
            ends.stopWorking(state);
            if (ends.fail(state, e, NodeOutcome.ELECTRON_FAILED, "failed: the electron threw " + e)) {
                settle(state.node.index());
            }
            return CompletableFuture.completedFuture(null);
        }
        state.output = ConsoleCapture.end(output);
        ends.stopWorking(state);
        if (state.status.get().isFinal()) {
            // Cancelled while it ran: the late result is discarded, never recorded as the node's.
            return CompletableFuture.completedFuture(null);
        }
        String fingerprint = values.fingerprint(result);
        StoredValue stored = values.encode(result, fingerprint, state.node.type());
        if (fingerprint.equals(state.replaces)) {
            // Encoded by this process, so readable here: it replaces the stored bytes this process could not use.
            store.values().replaceValue(stored);
            values.replaced(fingerprint);
        }
        // Fencing: a holder paused past its lease keeps its result but leaves the index to the
        // process that took the key over.
        boolean index = indexResult && services.leases().stillHolds(state.cacheKey);
        CompletableFuture<Void> durable =
                ends.end(state, NodeStatus.COMPLETED, NodeOutcome.COMPUTED, stored, index, () -> {
                    state.reason = reason;
                    state.fingerprint = fingerprint;
                    state.holdValue(result);
                    state.computedHere = true;
                });
        if (durable == null) {
            return CompletableFuture.completedFuture(null);
        }
        // The dependants start now, on the value in memory, while the end is being committed: the
        // commits are ordered, so no dependant is ever recorded before this end (see CheckpointMode).
        settle(state.node.index());
        return durable;
    }

    /** Reports each attempt of a node's electron: its start (on this thread, for cancel to interrupt) and retries. */
    private ElectronInvoker.Attempts attempts(NodeState state) {
        return new ElectronInvoker.Attempts() {
            @Override
            public boolean starting(int attempt) {
                return ends.start(state, attempt, true);
            }

            @Override
            public void retrying(int attempt, Exception error, Duration delay) {
                events.retrying(state, attempt, error, delay);
            }
        };
    }

    private void reuse(NodeState state, CachedResult hit) {
        CompletableFuture<Void> ended = ends.end(state, NodeStatus.REUSED, NodeOutcome.REUSED, null, false, () -> {
            state.fingerprint = hit.valueFingerprint();
            state.reusedFromDispatch = hit.dispatchId();
            state.reusedFromNode = hit.nodeIndex();
            state.reason = "reused: a stored result has this key (computed by dispatch " + hit.dispatchId() + ")";
        });
        if (ended != null) {
            settle(state.node.index());
        }
    }

    /** Under {@link Reuse#withFailures()}: fails the node with a failure recorded for its key, without running it. */
    private void replayFailure(NodeState state, RecordedFailure failure) {
        CompletableFuture<Void> ended =
                ends.end(state, NodeStatus.FAILED, NodeOutcome.FAILURE_REUSED, null, false, () -> {
                    state.reusedFromDispatch = failure.dispatchId();
                    state.reusedFromNode = failure.nodeIndex();
                    state.error = failure.error();
                    state.reason = "failed: reused the failure of dispatch " + failure.dispatchId() + " (node "
                            + failure.nodeIndex() + ", Reuse.withFailures()): " + Failures.firstLine(failure.error());
                });
        if (ended != null) {
            settle(state.node.index());
        }
    }

    /**
     * Ends a node as failed, with the error and its stack trace, and cancels its dependants. A node
     * ends once: a throw after its end (a callback of an ended node) changes nothing.
     */
    private void fail(NodeState state, Throwable error) {
        if (ends.fail(state, error, NodeOutcome.FAILED, "failed: " + error)) {
            settle(state.node.index());
        }
    }

    /** Marks a node ended: releases or cancels its dependants, and finishes the dispatch after the last node. */
    private void settle(int index) {
        Deque<Integer> ended = new ArrayDeque<>();
        List<Integer> ready = new ArrayList<>();
        ended.push(index);
        while (!ended.isEmpty()) {
            int current = ended.pop();
            boolean hasValue = states[current].status.get().hasValue();
            for (int dependant : dependants[current]) {
                NodeState next = states[dependant];
                if (hasValue) {
                    if (next.waitingFor.decrementAndGet() == 0) {
                        ready.add(dependant);
                    }
                } else if (ends.cancel(
                        next, "cancelled: its argument " + states[current].node.name() + " has no value")) {
                    ended.push(dependant);
                }
            }
            if (!isLiteral(states[current].node) && unsettled.decrementAndGet() == 0) {
                finish();
            }
        }
        submitAll(ready);
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
            events.dispatchEnded(status, error);
            done.complete(status);
        } catch (Throwable e) {
            events.dispatchEnded(DispatchStatus.FAILED, "the dispatch's end could not be recorded: " + e);
            done.completeExceptionally(e);
        }
    }
}
