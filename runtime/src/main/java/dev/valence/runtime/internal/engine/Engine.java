package dev.valence.runtime.internal.engine;

import dev.valence.runtime.DispatchListener;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.graph.Workflow;
import dev.valence.runtime.spi.execution.RemoteExecutor;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.Replacement;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoredValue;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind one {@code Valence} instance: it owns the store, the default pool, the timer,
 * leases and single flight, launches dispatches (top-level, redispatched, and sublattices' child
 * dispatches) and tracks the ones running. The public API delegates here and only here.
 */
public final class Engine implements AutoCloseable {
    /** How long close() waits for each of its steps: dispatch ends, electrons, events. */
    private static final int CLOSE_WAIT_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private final ResultStore store;
    private final Values values;
    private final Catalogs catalogs;
    private final ExecutorService defaultPool;
    private final Map<String, Executor> executors;
    private final CodeParts codeParts = new CodeParts();
    private final ScheduledExecutorService timer;
    private final Leases leases;
    private final RunServices services;
    private final RedispatchPlanner redispatches;
    private final StoredResults results;
    private final Map<String, DispatchRun> running = new ConcurrentHashMap<>();
    private final EventBus bus = new EventBus();
    private final List<DispatchListener> listeners;
    private final CancelRequests cancelRequests;
    private volatile boolean closed;

    /** @param settings the store (which the engine closes), the pools and the value handling */
    public Engine(EngineSettings settings) {
        this.store = settings.store();
        // Values and stored results are read through a guard, so a result read after close() says the
        // instance is closed instead of reporting the closed store as an unreadable value.
        ResultStore guarded = new ClosedGuard(store, () -> closed);
        this.values = new Values(guarded, settings.classLoader(), settings.adapters(), settings.codecs());
        this.catalogs = new Catalogs(settings.classLoader());
        this.defaultPool = Executors.newFixedThreadPool(settings.threads(), daemonThreads("valence-worker-"));
        Map<String, Executor> all = new HashMap<>(settings.executors());
        // A remote executor's nodes are planned, recorded and released here, on the default pool;
        // only their calls go to the workers.
        settings.remoteExecutors().keySet().forEach(name -> all.put(name, defaultPool));
        all.put("", defaultPool);
        this.executors = Map.copyOf(all);
        Map<String, RemoteExecutor> remotes = settings.remoteExecutors();
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("valence-timer-"));
        Clock clock = Clock.systemUTC();
        this.leases = new Leases(store, clock, settings.leasePeriod(), timer);
        this.services = new RunServices(
                store,
                values,
                new ReusePlanner(store, values),
                executors::get,
                remotes::get,
                new ElectronInvoker(timer),
                clock,
                new SingleFlight(),
                leases,
                timer,
                this::startChild,
                new ConsoleCapture(settings.output()));
        // One reader of declared types for results and redispatches: they share its rebuilt graphs.
        DeclaredTypes declared = new DeclaredTypes(guarded, values, catalogs);
        this.redispatches = new RedispatchPlanner(store, catalogs, declared);
        this.results = new StoredResults(guarded, declared);
        this.listeners = settings.listeners();
        this.cancelRequests = new CancelRequests(store, running);
    }

    /** @return the store */
    public ResultStore store() {
        return store;
    }

    /** @return reads stored node records and values for the public result types */
    public StoredResults results() {
        return results;
    }

    /**
     * Starts a workflow.
     *
     * @param workflow the graph
     * @param reuse the reuse policy
     * @return the running dispatch
     * @throws ValenceException when an input cannot be stored or an executor is missing; nothing is
     *     recorded then
     */
    public RunHandle dispatch(Workflow<?> workflow, Reuse reuse, List<DispatchListener> listeners) {
        return launchWithListeners(workflow, workflow.graph(), reuse, null, List.of(), listeners);
    }

    /**
     * Re-runs a stored dispatch.
     *
     * @param originalId the stored dispatch
     * @param newInputs a workflow of the same lattice with new inputs, or null for the stored inputs
     * @param replacements electron id to the electron that replaces it, in the order given
     * @param reuse the reuse policy
     * @param listeners listeners of this dispatch, besides the instance's
     * @return the running dispatch
     */
    public RunHandle redispatch(
            String originalId,
            Workflow<?> newInputs,
            Map<String, ElectronRef<?>> replacements,
            Reuse reuse,
            List<DispatchListener> listeners) {
        RedispatchPlanner.Plan plan = redispatches.plan(originalId, newInputs, replacements);
        return launchWithListeners(plan.workflow(), plan.graph(), reuse, originalId, plan.replacements(), listeners);
    }

    /** Starts a sublattice's graph as a child of a running dispatch (see {@link NodeKind#SUBLATTICE}). */
    private DispatchRun startChild(
            Workflow<?> workflow, Reuse reuse, String parentId, int parentNode, RunEvents parentEvents) {
        return launch(workflow, workflow.graph(), reuse, null, List.of(), parentId, parentNode, parentEvents::forChild);
    }

    /** Launches a top-level dispatch, reporting to the instance's listeners and its own. */
    private DispatchRun launchWithListeners(
            Workflow<?> workflow,
            Graph graph,
            Reuse reuse,
            String redispatchOf,
            List<Replacement> replacements,
            List<DispatchListener> ownListeners) {
        List<DispatchListener> all = new ArrayList<>(listeners);
        all.addAll(ownListeners);
        return launch(
                workflow,
                graph,
                reuse,
                redispatchOf,
                replacements,
                null,
                null,
                id -> new RunEvents(id, bus, all, services.clock()));
    }

    private DispatchRun launch(
            Workflow<?> workflow,
            Graph graph,
            Reuse reuse,
            String redispatchOf,
            List<Replacement> replacements,
            String parentId,
            Integer parentNode,
            Function<String, RunEvents> eventsFor) {
        checkRunnable(graph);
        catalogs.remember(workflow);
        String id = UUID.randomUUID().toString();
        DispatchRun run = new DispatchRun(id, graph, workflow.output(), reuse, services, eventsFor.apply(id));
        List<StoredValue> literals = new ArrayList<>(run.prepareLiterals());
        // Kept for explain, which names the part of the code that changed.
        literals.addAll(codeParts.toStore(graph));
        LatticeRef<?> lattice = workflow.lattice();
        DispatchRecord record = new DispatchRecord(
                id,
                lattice.id(),
                lattice.name(),
                lattice.catalog(),
                lattice.returnType(),
                workflow.output(),
                DispatchStatus.RUNNING,
                services.clock().instant(),
                null,
                reuse.toString(),
                redispatchOf,
                replacements,
                null,
                parentId,
                parentNode);
        store.dispatchLog().createDispatch(record, run.records(), literals);
        running.put(id, run);
        run.done().whenComplete((status, error) -> running.remove(id));
        cancelRequests.watch();
        run.start(lattice.name(), parentId);
        return run;
    }

    private void checkRunnable(Graph graph) {
        Set<String> missing = new TreeSet<>();
        for (Node node : graph.nodes()) {
            if (node instanceof Node.Call call) {
                try {
                    values.requireFingerprintable(call.electron());
                } catch (RuntimeException e) {
                    throw new ValenceException("cannot dispatch: " + e.getMessage(), e);
                }
            }
            if (node instanceof Node.Step step
                    && !executors.containsKey(step.electron().executor())) {
                missing.add(step.electron().executor() + " (electron "
                        + step.electron().name() + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new ValenceException("no executor registered under the names " + missing
                    + "; register them with Valence.builder().executor(name, executor)");
        }
    }

    /**
     * Whether a dispatch of this engine has not ended. Asked of the run itself: the map entry is
     * removed by a callback that may run just after a caller's await() returned.
     *
     * @param dispatchId the dispatch
     * @return whether it runs here
     */
    public boolean isRunning(String dispatchId) {
        DispatchRun run = running.get(dispatchId);
        return run != null && !run.done().isDone();
    }

    /** @return the ids of the dispatches running here, sorted */
    public List<String> runningIds() {
        return running.keySet().stream().filter(this::isRunning).sorted().toList();
    }

    /** @return whether another process announced itself on the store and has not lapsed */
    public boolean othersAlive() {
        return store.coordination().othersAlive(leases.owner(), Instant.now());
    }

    /**
     * Cancels a dispatch running here or, through the store, in another process, which notices
     * within about a second.
     *
     * @param dispatchId the dispatch
     * @return true if it was running and is now cancelled or asked to cancel; false if it had ended
     * @throws ValenceException if the store has no such dispatch
     */
    public boolean cancel(String dispatchId) {
        DispatchRun run = running.get(dispatchId);
        if (run != null && !run.done().isDone()) {
            run.cancel();
            return true;
        }
        DispatchRecord record = store.dispatchLog()
                .dispatch(dispatchId)
                .orElseThrow(() -> new ValenceException("cannot cancel dispatch " + dispatchId
                        + ": the store has no such dispatch; list the stored ones with Valence.dispatches()"));
        if (record.status() != DispatchStatus.RUNNING) {
            return false;
        }
        return store.dispatchLog().requestCancel(dispatchId);
    }

    /**
     * Cancels the dispatches still running (they end {@code CANCELLED}, their electrons interrupted),
     * waits up to {@value #CLOSE_WAIT_SECONDS} seconds for their ends to be recorded and as long for
     * interrupted electrons to return, delivers the events already emitted, and closes the store.
     * Named executors belong to the caller and stay open.
     */
    @Override
    public void close() {
        List<DispatchRun> cancelling = List.copyOf(running.values());
        cancelling.forEach(DispatchRun::cancel);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        for (DispatchRun run : cancelling) {
            try {
                run.done().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                // Reported by the dispatch itself; close goes on.
            }
        }
        cancelRequests.close();
        leases.close();
        defaultPool.shutdownNow();
        timer.shutdownNow();
        try {
            if (!defaultPool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn(
                        "electrons still running {} s after close() interrupted them are abandoned",
                        CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            bus.close(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            // Dispatches have ended and been recorded: from here on, reads are refused.
            closed = true;
            store.close();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
