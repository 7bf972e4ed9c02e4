package dev.valence.runtime.spi.store;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A value store that hands every call to another one: the base for wrappers that change one call
 * (a cache in front of {@link #value}, a count, a failure injected in a test) and keep the rest.
 * Used with {@link ForwardingResultStore}:
 *
 * <pre>{@code
 * new ForwardingResultStore(store) {
 *     private final ValueStore counted = new ForwardingValueStore(store.values()) {
 *         public Optional<StoredValue> value(String fingerprint) {
 *             reads.incrementAndGet();
 *             return super.value(fingerprint);
 *         }
 *     };
 *
 *     public ValueStore values() { return counted; }
 * };
 * }</pre>
 */
public class ForwardingValueStore implements ValueStore {
    private final ValueStore delegate;

    /** @param delegate the store every call goes to */
    public ForwardingValueStore(ValueStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the store every call goes to */
    protected final ValueStore delegate() {
        return delegate;
    }

    @Override
    public Optional<StoredValue> value(String fingerprint) {
        return delegate.value(fingerprint);
    }

    @Override
    public Optional<String> whyUnusable(String fingerprint) {
        return delegate.whyUnusable(fingerprint);
    }

    @Override
    public void replaceValue(StoredValue value) {
        delegate.replaceValue(value);
    }

    @Override
    public void putValues(List<StoredValue> values) {
        delegate.putValues(values);
    }
}
