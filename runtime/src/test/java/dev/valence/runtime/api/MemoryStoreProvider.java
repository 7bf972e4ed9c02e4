package dev.valence.runtime.api;

import dev.valence.runtime.internal.store.InMemoryStore;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreProvider;

/** A provider for {@code StoresTest}: opens {@code memory-test:} locations as in-memory stores. */
public final class MemoryStoreProvider implements StoreProvider {
    @Override
    public boolean accepts(String location) {
        return location.startsWith("memory-test:");
    }

    @Override
    public ResultStore open(String location) {
        return new InMemoryStore();
    }

    @Override
    public String locationForm() {
        return "memory-test:NAME (the runtime's tests)";
    }
}
