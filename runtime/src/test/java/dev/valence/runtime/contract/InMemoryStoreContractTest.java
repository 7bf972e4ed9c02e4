package dev.valence.runtime.contract;

import dev.valence.runtime.internal.store.InMemoryStore;
import dev.valence.runtime.spi.store.ResultStore;
import java.util.EnumSet;
import java.util.Set;

/** The store contract on the in-memory store: one process, no files, nothing on disk. */
class InMemoryStoreContractTest extends StoreContract {
    @Override
    protected ResultStore openStore() {
        return new InMemoryStore();
    }

    @Override
    protected Set<Capability> lacks() {
        return EnumSet.of(
                Capability.SECOND_OPENING,
                Capability.SHARED_COORDINATION,
                Capability.BLOBS,
                Capability.CANCEL_REQUESTS,
                Capability.DAMAGE,
                Capability.SIZE);
    }
}
