package dev.valence.runtime.api;

import dev.valence.runtime.spi.store.ForwardingResultStore;
import dev.valence.runtime.spi.store.ForwardingValueStore;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoredValue;
import dev.valence.runtime.spi.store.ValueStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A store that delegates everything and counts how many values were loaded: proof of lazy loading. */
final class CountingStore extends ForwardingResultStore {
    final AtomicInteger valueLoads = new AtomicInteger();
    private final ValueStore values;

    CountingStore(ResultStore delegate) {
        super(delegate);
        this.values = new ForwardingValueStore(delegate.values()) {
            @Override
            public Optional<StoredValue> value(String fingerprint) {
                valueLoads.incrementAndGet();
                return super.value(fingerprint);
            }
        };
    }

    @Override
    public ValueStore values() {
        return values;
    }
}
