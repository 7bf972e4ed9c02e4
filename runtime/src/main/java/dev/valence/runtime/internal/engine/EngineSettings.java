package dev.valence.runtime.internal.engine;

import dev.valence.runtime.DispatchListener;
import dev.valence.runtime.OutputCapture;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.execution.RemoteExecutor;
import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import dev.valence.runtime.spi.store.ResultStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What an {@link Engine} is made of, as the public builder collected it.
 *
 * @param store the opened store, which the engine closes
 * @param classLoader loads stored values' classes and generated catalogs
 * @param threads the default pool's size
 * @param executors named executors, owned by the caller
 * @param remoteExecutors named remote executors, owned by the caller; the empty name, when
 *     present, runs every electron declared without an executor
 * @param leasePeriod how long a lease outlives a holder that stopped renewing it
 * @param adapters fingerprint adapters, in the order added
 * @param codecs user codecs, in the order added
 * @param listeners listeners of every dispatch, in the order added
 * @param output what happens to what electrons print
 */
public record EngineSettings(
        ResultStore store,
        ClassLoader classLoader,
        int threads,
        Map<String, Executor> executors,
        Map<String, RemoteExecutor> remoteExecutors,
        Duration leasePeriod,
        List<FingerprintAdapter<?>> adapters,
        List<ValueCodec> codecs,
        List<DispatchListener> listeners,
        OutputCapture output) {

    /** Copies the collections. */
    public EngineSettings {
        executors = Map.copyOf(executors);
        remoteExecutors = Map.copyOf(remoteExecutors);
        adapters = List.copyOf(adapters);
        codecs = List.copyOf(codecs);
        listeners = List.copyOf(listeners);
    }
}
