package dev.valence.runtime.internal.engine;

import dev.valence.runtime.Reuse;
import dev.valence.runtime.graph.Workflow;
import dev.valence.runtime.spi.execution.RemoteExecutor;
import dev.valence.runtime.spi.store.ResultStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * What every dispatch of one {@code Valence} instance shares: the store, value handling, executors,
 * remote executors (null for a name that is local), the invoker with its retry and timeout rules, and single flight within and across processes.
 */
record RunServices(
        ResultStore store,
        Values values,
        ReusePlanner planner,
        Function<String, Executor> executors,
        Function<String, RemoteExecutor> remotes,
        ElectronInvoker invoker,
        Clock clock,
        SingleFlight singleFlight,
        Leases leases,
        ScheduledExecutorService timer,
        ChildDispatcher children,
        ConsoleCapture console) {

    /** Starts a sublattice's graph as a child dispatch of a running dispatch. */
    @FunctionalInterface
    interface ChildDispatcher {
        /**
         * @param workflow the sublattice's graph, built with its arguments' values
         * @param reuse the parent's reuse policy
         * @param parentId the parent dispatch
         * @param parentNode the index of the sublattice node in the parent
         * @param parentEvents the parent's events, whose listeners the child reports to
         * @return the started child
         */
        DispatchRun start(Workflow<?> workflow, Reuse reuse, String parentId, int parentNode, RunEvents parentEvents);
    }
}
