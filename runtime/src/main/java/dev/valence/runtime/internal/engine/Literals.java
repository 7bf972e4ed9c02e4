package dev.valence.runtime.internal.engine;

import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.StoredValue;
import java.util.ArrayList;
import java.util.List;

/** The inputs and constants of a dispatch, made ready before it is recorded: fingerprinted, encoded, settled. */
final class Literals {
    private Literals() {}

    /**
     * Fingerprints and encodes the inputs and constants; throws before anything is recorded when
     * one cannot be stored, so bad input never leaves a half-made dispatch behind.
     */
    static List<StoredValue> prepare(NodeState[] states, int[][] dependants, Values values) {
        boolean[] stored = mustBeStored(states, dependants);
        List<StoredValue> literals = new ArrayList<>();
        for (NodeState state : states) {
            if (!(state.node instanceof Node.Literal literal)) {
                continue;
            }
            Node node = literal;
            try {
                String fingerprint = values.fingerprint(literal.value());
                literals.add(values.encode(literal.value(), fingerprint, node.type()));
                state.fingerprint = fingerprint;
            } catch (RuntimeException | Error e) {
                // Errors too (a value so large that encoding it runs out of memory): the call fails,
                // nothing is recorded, and the caller sees why.
                if (stored[node.index()]) {
                    String what = node.kind() == NodeKind.INPUT ? "input '" + node.name() + "'" : "a constant";
                    throw new ValenceException(
                            "cannot dispatch: " + what + " of type " + node.type() + " cannot be stored: "
                                    + describe(e),
                            e);
                }
                // It only feeds parameters ignored for the cache: run with it, keep no copy.
                state.reason = "not stored (" + describe(e) + "); it only feeds parameters ignored for the cache";
            }
            state.holdValue(literal.value());
            state.end(NodeStatus.COMPLETED, NodeOutcome.GIVEN);
        }
        return literals;
    }

    /** An exception's message, as before; an {@link Error}, which often has none, by its name too. */
    private static String describe(Throwable e) {
        return e instanceof RuntimeException ? e.getMessage() : e.toString();
    }

    /**
     * Marks the inputs and constants that must be storable: those feeding a keyed parameter, and
     * those feeding no electron at all (the lattice returns them).
     */
    private static boolean[] mustBeStored(NodeState[] states, int[][] dependants) {
        boolean[] stored = new boolean[states.length];
        for (NodeState state : states) {
            ElectronRef<?> electron = state.electron;
            if (state.node instanceof Node.Literal) {
                stored[state.node.index()] |= dependants[state.node.index()].length == 0;
                continue;
            }
            if (electron == null) {
                // A sublattice's arguments become the child dispatch's inputs, which are stored.
                state.node.arguments().forEach(argument -> stored[argument] = true);
                continue;
            }
            for (int i = 0; i < state.node.arguments().size(); i++) {
                stored[state.node.arguments().get(i)] |=
                        electron.parameters().get(i).keyed();
            }
        }
        return stored;
    }
}
