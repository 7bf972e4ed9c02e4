package dev.valence.runtime;

import dev.valence.runtime.store.ResultStore;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * What every dispatch of one {@link Valence} instance shares: the store, value handling, executors,
 * the invoker with its retry and timeout rules, and single flight within and across processes.
 */
record RunServices(
        ResultStore store,
        Values values,
        Function<String, Executor> executors,
        ElectronInvoker invoker,
        Clock clock,
        SingleFlight singleFlight,
        Leases leases,
        ScheduledExecutorService timer) {}
