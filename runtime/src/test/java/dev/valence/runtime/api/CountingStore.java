package dev.valence.runtime.api;

import dev.valence.runtime.spi.store.ForwardingResultStore;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoredValue;
import dev.valence.runtime.spi.store.ValueStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A store that delegates everything and counts how many values were loaded: proof of lazy loading. */
final class CountingStore extends ForwardingResultStore {
    final AtomicInteger valueLoads = new AtomicInteger();
    private final ValueStore values;

    CountingStore(ResultStore delegate) {
        super(delegate);
        ValueStore inner = delegate.values();
        this.values = new ValueStore() {
            @Override
            public Optional<StoredValue> value(String fingerprint) {
                valueLoads.incrementAndGet();
                return inner.value(fingerprint);
            }

            @Override
            public Optional<String> whyUnusable(String fingerprint) {
                return inner.whyUnusable(fingerprint);
            }

            @Override
            public void replaceValue(StoredValue value) {
                inner.replaceValue(value);
            }

            @Override
            public void putValues(List<StoredValue> stored) {
                inner.putValues(stored);
            }
        };
    }

    @Override
    public ValueStore values() {
        return values;
    }
}
