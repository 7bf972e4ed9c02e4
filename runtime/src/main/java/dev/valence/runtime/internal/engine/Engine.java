package dev.valence.runtime.internal.engine;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.graph.Workflow;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.Replacement;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoredValue;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine behind one {@code Valence} instance: it owns the store, the default pool, the timer,
 * leases and single flight, launches dispatches (top-level, redispatched, and sublattices' child
 * dispatches) and tracks the ones running. The public API delegates here and only here.
 */
public final class Engine implements AutoCloseable {
    private final ResultStore store;
    private final Values values;
    private final Catalogs catalogs;
    private final ExecutorService defaultPool;
    private final Map<String, Executor> executors;
    private final ScheduledExecutorService timer;
    private final Leases leases;
    private final RunServices services;
    private final RedispatchPlanner redispatches;
    private final StoredResults results;
    private final Map<String, DispatchRun> running = new ConcurrentHashMap<>();
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
        all.put("", defaultPool);
        this.executors = Map.copyOf(all);
        this.timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("valence-timer-"));
        Clock clock = Clock.systemUTC();
        this.leases = new Leases(store, clock, settings.leasePeriod(), timer);
        this.services = new RunServices(
                store,
                values,
                new ReusePlanner(store, values),
                executors::get,
                new ElectronInvoker(timer),
                clock,
                new SingleFlight(),
                leases,
                timer,
                this::startChild);
        // One reader of declared types for results and redispatches: they share its rebuilt graphs.
        DeclaredTypes declared = new DeclaredTypes(guarded, values, catalogs);
        this.redispatches = new RedispatchPlanner(store, catalogs, declared);
        this.results = new StoredResults(guarded, declared);
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
    public RunHandle dispatch(Workflow<?> workflow, Reuse reuse) {
        return launch(workflow, workflow.graph(), reuse, null, List.of(), null, null);
    }

    /**
     * Re-runs a stored dispatch.
     *
     * @param originalId the stored dispatch
     * @param newInputs a workflow of the same lattice with new inputs, or null for the stored inputs
     * @param replacements electron id to the electron that replaces it, in the order given
     * @param reuse the reuse policy
     * @return the running dispatch
     */
    public RunHandle redispatch(
            String originalId, Workflow<?> newInputs, Map<String, ElectronRef<?>> replacements, Reuse reuse) {
        RedispatchPlanner.Plan plan = redispatches.plan(originalId, newInputs, replacements);
        return launch(plan.workflow(), plan.graph(), reuse, originalId, plan.replacements(), null, null);
    }

    /** Starts a sublattice's graph as a child of a running dispatch (see {@link NodeKind#SUBLATTICE}). */
    private DispatchRun startChild(Workflow<?> workflow, Reuse reuse, String parentId, int parentNode) {
        return launch(workflow, workflow.graph(), reuse, null, List.of(), parentId, parentNode);
    }

    private DispatchRun launch(
            Workflow<?> workflow,
            Graph graph,
            Reuse reuse,
            String redispatchOf,
            List<Replacement> replacements,
            String parentId,
            Integer parentNode) {
        checkRunnable(graph);
        catalogs.remember(workflow);
        String id = UUID.randomUUID().toString();
        DispatchRun run = new DispatchRun(id, graph, workflow.output(), reuse, services);
        List<StoredValue> literals = run.prepareLiterals();
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
        run.start();
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
     * Cancels dispatches still running, waits briefly for their running electrons, stops the
     * default pool and closes the store. Named executors belong to the caller and stay open.
     */
    @Override
    public void close() {
        running.values().forEach(DispatchRun::cancel);
        leases.close();
        defaultPool.shutdown();
        timer.shutdownNow();
        try {
            if (!defaultPool.awaitTermination(30, TimeUnit.SECONDS)) {
                defaultPool.shutdownNow();
            }
        } catch (InterruptedException e) {
            defaultPool.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            // Running electrons have ended and been recorded: from here on, reads are refused.
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
