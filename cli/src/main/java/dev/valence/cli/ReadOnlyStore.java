package dev.valence.cli;

import dev.valence.runtime.spi.store.Coordination;
import dev.valence.runtime.spi.store.ForwardingResultStore;
import dev.valence.runtime.spi.store.ResultStore;

/**
 * A store opened read-only, as the engine may use it. An engine announces its process in the
 * store's coordination table when it starts (so that other processes can tell a running dispatch
 * from a dead one) and keeps beating while it lives: both are writes, which a read-only store
 * refuses. A command that only reads runs no dispatch, so it coordinates with nobody.
 */
final class ReadOnlyStore extends ForwardingResultStore {
    ReadOnlyStore(ResultStore delegate) {
        super(delegate);
    }

    @Override
    public Coordination coordination() {
        return Coordination.singleProcess();
    }
}
