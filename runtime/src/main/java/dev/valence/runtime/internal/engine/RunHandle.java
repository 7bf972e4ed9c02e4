package dev.valence.runtime.internal.engine;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeSnapshot;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** What the public {@code Dispatch} holds of a dispatch running in this process. */
public interface RunHandle {

    /** @return the dispatch id */
    String id();

    /** @return completes with the final status once the dispatch ended and was recorded */
    CompletableFuture<DispatchStatus> done();

    /** @return every node's current status, in index order */
    List<NodeSnapshot> nodes();

    /**
     * Cancels the dispatch: nodes that have not started never run; running electrons are
     * interrupted and their nodes end cancelled at once.
     */
    void cancel();
}
