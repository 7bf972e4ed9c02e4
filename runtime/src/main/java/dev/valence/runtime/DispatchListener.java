package dev.valence.runtime;

/**
 * Receives the events of dispatches as they happen: a dispatch starting and ending, and each
 * electron or sublattice node becoming ready, starting an attempt, retrying, and ending.
 *
 * <p>Register one for every dispatch of an instance with {@link ValenceBuilder#listener}, or for one
 * dispatch with {@link Valence#dispatch(dev.valence.runtime.graph.Workflow, Reuse, DispatchListener)}
 * or {@link Redispatch#listener}. A child dispatch (a sublattice) reports to its parent's listeners.
 *
 * <p><b>Threading and order.</b> Events are delivered on one daemon thread per {@link Valence}
 * instance ({@code valence-events}), never on a thread that runs electrons: a slow listener delays
 * only later events, never the dispatch. Listeners see events in the order they happened: a
 * dispatch's {@link DispatchEvent.DispatchStarted} first and its {@link DispatchEvent.DispatchEnded}
 * last, a node's events in the order ready, started (per attempt), retrying, then one end; a node's
 * end before the ready events of the nodes it released. Events wait in memory while a listener is
 * busy. A listener that throws is logged and keeps receiving events. {@link Valence#close()}
 * delivers the events already emitted before it returns (for at most 5 seconds).
 */
@FunctionalInterface
public interface DispatchListener {

    /**
     * Called for each event, on the event thread.
     *
     * @param event what happened
     */
    void onEvent(DispatchEvent event);
}
