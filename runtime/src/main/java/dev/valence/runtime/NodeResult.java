package dev.valence.runtime;

import dev.valence.runtime.internal.engine.StoredResults;
import dev.valence.runtime.spi.store.CapturedOutput;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.NodeRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happened to one node of a dispatch, as stored: readable from any later process. The value
 * is loaded from the store only when {@link #value()} is called.
 */
public final class NodeResult {
    private final DispatchRecord dispatch;
    private final NodeRecord record;
    private final StoredResults values;

    NodeResult(DispatchRecord dispatch, NodeRecord record, StoredResults values) {
        this.dispatch = dispatch;
        this.record = record;
        this.values = values;
    }

    /** @return the node's index in its graph */
    public int index() {
        return record.index();
    }

    /** @return the node's name: the electron's name ({@code task1}, {@code task1#2} for a second call) or the input's */
    public String name() {
        return record.name();
    }

    /**
     * @return the indexes of the nodes whose values are this node's arguments, in order: the
     *     graph's edges, which a viewer draws
     */
    public List<Integer> arguments() {
        return record.arguments();
    }

    /** @return the code fingerprint of the electron that ran, for electron nodes that started */
    public Optional<String> codeFingerprint() {
        return Optional.ofNullable(record.codeFingerprint());
    }

    /** @return input, constant or electron call */
    public NodeKind kind() {
        return record.kind();
    }

    /** @return the id of the electron that ran (after any replacement), for electron nodes */
    public Optional<String> electronId() {
        return Optional.ofNullable(record.electronId());
    }

    /** @return the node's status */
    public NodeStatus status() {
        return record.status();
    }

    /** @return whether the value was taken from an earlier run instead of running the electron */
    public boolean wasReused() {
        return record.status() == NodeStatus.REUSED;
    }

    /**
     * @return what the node's Java electron wrote to {@code System.out} while it ran (the last
     *     {@value OutputCapture#TAIL_BYTES} bytes; see {@link #output()}), or "" when it wrote
     *     nothing or was not run here. A command's own output is in its {@code CommandResult}.
     */
    public String stdout() {
        return record.output() == null ? "" : record.output().stdout().text();
    }

    /** @return what the node's Java electron wrote to {@code System.err}, like {@link #stdout()} */
    public String stderr() {
        return record.output() == null ? "" : record.output().stderr().text();
    }

    /**
     * @return the captured output with the full sizes written and whether the beginning was cut,
     *     if the electron wrote anything
     */
    public Optional<CapturedOutput> output() {
        return Optional.ofNullable(record.output());
    }

    /** @return when the electron started, if it ran */
    public Optional<Instant> startTime() {
        return Optional.ofNullable(record.startedAt());
    }

    /** @return when the node ended, if it did */
    public Optional<Instant> endTime() {
        return Optional.ofNullable(record.endedAt());
    }

    /** @return how long the electron ran, if it ran */
    public Optional<Duration> duration() {
        return record.startedAt() == null || record.endedAt() == null
                ? Optional.empty()
                : Optional.of(Duration.between(record.startedAt(), record.endedAt()));
    }

    /** @return how many times the electron was started (more than one after retries) */
    public int attempts() {
        return record.attempts();
    }

    /** @return for a reused node, the id of the dispatch whose run computed the value */
    public Optional<String> reusedFrom() {
        return Optional.ofNullable(record.reusedFromDispatch());
    }

    /** @return for a failed node, the error with its full stack trace */
    public Optional<String> error() {
        return Optional.ofNullable(record.error());
    }

    /**
     * @return why the node ran, was reused, failed or was cancelled, in words ({@code "ran: no
     *     stored result has this key"}); empty for nodes recorded by versions that kept no reasons
     */
    public Optional<String> reason() {
        return Optional.ofNullable(record.reason());
    }

    /** @return the node's cache key, once computed */
    public Optional<String> cacheKey() {
        return Optional.ofNullable(record.cacheKey());
    }

    /** @return the content fingerprint of the node's value, if it has one */
    public Optional<String> valueFingerprint() {
        return Optional.ofNullable(record.valueFingerprint());
    }

    /**
     * Loads the node's value from the store.
     *
     * @return the value, decoded as the type the lattice's code declares for the node
     * @throws ValenceException when the node has no value (it failed or was cancelled), when the
     *     store records another type for it than the code declares (the store was edited or the
     *     code changed), or when the code that declares it cannot be found in this process
     */
    public Object value() {
        if (!record.status().hasValue() || record.valueFingerprint() == null) {
            throw new ValenceException("node " + record.name() + " has no value: it is " + record.status()
                    + (record.error() == null
                            ? ""
                            : " (" + record.error().lines().findFirst().orElse("") + ")"));
        }
        return values.load(dispatch, record);
    }

    /**
     * Loads the node's value as a given type.
     *
     * @param type the expected class
     * @param <T> the expected type
     * @return the value
     * @throws ClassCastException when the value is of another type
     */
    public <T> T value(Class<T> type) {
        return type.cast(value());
    }

    @Override
    public String toString() {
        return record.name() + " " + record.status()
                + (record.reusedFromDispatch() == null ? "" : " from " + record.reusedFromDispatch());
    }
}
