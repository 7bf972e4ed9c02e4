package dev.valence.processor.model;

import java.util.List;

/**
 * What a lattice body says, in graph terms: electron calls in source order, some of them kept in
 * locals, and the value the lattice returns.
 *
 * @param statements the calls, in source order
 * @param result the returned value
 */
public record LatticeBody(List<Statement> statements, GraphValue result) {

    /** Copies the list. */
    public LatticeBody {
        statements = List.copyOf(statements);
    }

    /**
     * One electron call of the body.
     *
     * @param local the local holding its result, or null when the result is unused
     * @param call the call
     */
    public record Statement(String local, GraphValue.Call call) {}
}
