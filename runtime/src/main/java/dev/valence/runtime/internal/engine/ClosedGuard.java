package dev.valence.runtime.internal.engine;

import dev.valence.runtime.ValenceException;
import dev.valence.runtime.spi.store.DispatchLog;
import dev.valence.runtime.spi.store.ForwardingResultStore;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.ValueStore;
import java.util.function.BooleanSupplier;

/**
 * The store as {@link Values} and {@link StoredResults} see it: once the engine is closed, asking
 * for its values or its dispatch log fails with a message saying so. Without it, a result kept from an instance closed since would report the
 * closed database connection as an unreadable value, and advise a redispatch that cannot help.
 */
final class ClosedGuard extends ForwardingResultStore {
    private final BooleanSupplier closed;

    ClosedGuard(ResultStore store, BooleanSupplier closed) {
        super(store);
        this.closed = closed;
    }

    @Override
    public ValueStore values() {
        checkOpen();
        return super.values();
    }

    /** The dispatch log too: reading a result's declared types reads its dispatch's nodes first. */
    @Override
    public DispatchLog dispatchLog() {
        checkOpen();
        return super.dispatchLog();
    }

    private void checkOpen() {
        if (closed.getAsBoolean()) {
            throw new ValenceException("this Valence instance is closed; read its results before close(), or open"
                    + " the store again (Valence.open(folder)) and read them from there");
        }
    }
}
