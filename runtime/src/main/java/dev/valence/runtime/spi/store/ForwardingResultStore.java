package dev.valence.runtime.spi.store;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that hands every role to another one: the base for wrappers that change one role and
 * keep the rest. Override the accessor of the role to change, and wrap {@code super}'s object:
 *
 * <pre>{@code
 * ResultStore noHitsFor(ResultStore store, String electronId) {
 *     return new ForwardingResultStore(store) {
 *         public ResultIndex resultIndex() { ... refuse some keys, ask super.resultIndex() for the rest ... }
 *     };
 * }
 * }</pre>
 *
 * <p>{@link #close()} closes the delegate.
 */
public class ForwardingResultStore implements ResultStore {
    private final ResultStore delegate;

    /** @param delegate the store every role is taken from */
    public ForwardingResultStore(ResultStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** @return the store every role is taken from */
    protected final ResultStore delegate() {
        return delegate;
    }

    @Override
    public DispatchLog dispatchLog() {
        return delegate.dispatchLog();
    }

    @Override
    public ResultIndex resultIndex() {
        return delegate.resultIndex();
    }

    @Override
    public ValueStore values() {
        return delegate.values();
    }

    @Override
    public BlobStore blobs() {
        return delegate.blobs();
    }

    @Override
    public Coordination coordination() {
        return delegate.coordination();
    }

    @Override
    public Optional<Housekeeping> housekeeping() {
        return delegate.housekeeping();
    }

    @Override
    public Optional<Path> scratchFolder() {
        return delegate.scratchFolder();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
