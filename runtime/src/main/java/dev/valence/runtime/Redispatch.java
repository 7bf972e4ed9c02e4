package dev.valence.runtime;

import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Re-runs a stored dispatch: with its stored inputs or new ones, with electrons replaced by others
 * of the same signature, and with a reuse policy. Made by {@link Valence#redispatch(String)}; nothing
 * runs until {@link #start()}.
 *
 * <pre>{@code
 * Dispatch<Double> again = valence.redispatch(first)
 *     .replace(ArithmeticElectrons.task2(), ArithmeticElectrons.task2Redefined())
 *     .reuse(Reuse.from(first.id()))
 *     .start();
 * }</pre>
 *
 * @param <R> the type of the lattice's result
 */
public final class Redispatch<R> {
    private final Starter starter;
    private final String originalId;
    private final Map<String, ElectronRef<?>> replacements;
    private final Workflow<R> inputs;
    private final Reuse reuse;
    private final List<DispatchListener> listeners;

    Redispatch(Starter starter, String originalId) {
        this(starter, originalId, new LinkedHashMap<>(), null, Reuse.ALL, List.of());
    }

    private Redispatch(
            Starter starter,
            String originalId,
            Map<String, ElectronRef<?>> replacements,
            Workflow<R> inputs,
            Reuse reuse,
            List<DispatchListener> listeners) {
        this.starter = starter;
        this.listeners = listeners;
        this.originalId = originalId;
        this.replacements = replacements;
        this.inputs = inputs;
        this.reuse = reuse;
    }

    /**
     * Runs {@code replacement} wherever the lattice calls {@code original}. The nodes keep their
     * names. Replacing twice replaces the earlier replacement.
     *
     * @param original an electron the lattice calls
     * @param replacement an electron with the same parameter types and return type
     * @param <T> the electrons' return type
     * @return a redispatch with the replacement
     * @throws IllegalArgumentException when the signatures differ
     */
    public <T> Redispatch<R> replace(ElectronRef<T> original, ElectronRef<? extends T> replacement) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(replacement, "replacement");
        if (!replacement.isCompatibleWith(original)) {
            throw new IllegalArgumentException("cannot replace " + original.signature() + " by "
                    + replacement.signature() + ": the parameter types and the return type must be the same");
        }
        Map<String, ElectronRef<?>> copy = new LinkedHashMap<>(replacements);
        copy.put(original.id(), replacement);
        return new Redispatch<>(starter, originalId, copy, inputs, reuse, listeners);
    }

    /**
     * Sets which earlier results may be reused (default {@link Reuse#ALL}).
     *
     * @param policy the policy
     * @return a redispatch with the policy
     */
    public Redispatch<R> reuse(Reuse policy) {
        return new Redispatch<>(
                starter, originalId, replacements, inputs, Objects.requireNonNull(policy, "policy"), listeners);
    }

    /**
     * Runs the same lattice with new inputs instead of the stored ones.
     *
     * @param workflow the lattice's graph built for the new inputs ({@code
     *     ArithmeticLattices.workflow(1, 4)}); must be the lattice the stored dispatch ran
     * @param <T> the lattice's result type
     * @return a redispatch with the new inputs
     */
    public <T> Redispatch<T> withInputs(Workflow<T> workflow) {
        return new Redispatch<>(
                starter, originalId, replacements, Objects.requireNonNull(workflow, "workflow"), reuse, listeners);
    }

    /**
     * Adds a listener of this redispatch's events, besides the instance's (see {@link DispatchListener}).
     *
     * @param listener the listener
     * @return a redispatch that reports to it as well
     */
    public Redispatch<R> listener(DispatchListener listener) {
        List<DispatchListener> more = new ArrayList<>(listeners);
        more.add(Objects.requireNonNull(listener, "listener"));
        return new Redispatch<>(starter, originalId, replacements, inputs, reuse, List.copyOf(more));
    }

    /**
     * Starts the new dispatch; returns at once.
     *
     * @return the new dispatch
     * @throws ValenceException when the stored dispatch is unknown, its lattice cannot be found, or a
     *     replaced electron is not called by the lattice
     */
    public Dispatch<R> start() {
        // In the order given: a later replace(...) may replace an earlier one's replacement.
        return starter.start(
                originalId, inputs, Collections.unmodifiableMap(new LinkedHashMap<>(replacements)), reuse, listeners);
    }

    /** Starts the planned re-run: {@link Valence}'s, handed over so that this class needs nothing else of it. */
    @FunctionalInterface
    interface Starter {
        <R> Dispatch<R> start(
                String originalId,
                Workflow<R> inputs,
                Map<String, ElectronRef<?>> replacements,
                Reuse reuse,
                List<DispatchListener> listeners);
    }
}
