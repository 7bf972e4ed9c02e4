package dev.valence.runtime.internal.engine;

import dev.valence.runtime.DispatchStatus;
import java.util.concurrent.CompletableFuture;

/** What the public {@code Dispatch} holds of a dispatch running in this process. */
public interface RunHandle {

    /** @return the dispatch id */
    String id();

    /** @return completes with the final status once the dispatch ended and was recorded */
    CompletableFuture<DispatchStatus> done();

    /** Cancels every node that has not started; running electrons finish and keep their results. */
    void cancel();
}
