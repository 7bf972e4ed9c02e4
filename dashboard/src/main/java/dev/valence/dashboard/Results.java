package dev.valence.dashboard;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads dispatches for the API and keeps the last few ended ones. Reading a 10,000-node dispatch
 * from the store takes most of an answer's time, and an ended dispatch no longer changes, so a page
 * opened again, or its nodes clicked one after another, are answered from memory.
 */
final class Results {
    /** Enough for the dispatches a few people look at; a 10,000-node result holds a few megabytes. */
    private static final int KEPT = 8;

    private final Valence valence;
    private final Map<String, DispatchResult<Object>> ended = new Recent();

    Results(Valence valence) {
        this.valence = valence;
    }

    Optional<DispatchResult<Object>> get(String id) {
        synchronized (ended) {
            DispatchResult<Object> known = ended.get(id);
            if (known != null) {
                return Optional.of(known);
            }
        }
        Optional<DispatchResult<Object>> result = valence.result(id);
        if (result.isPresent() && result.get().status().isFinal()) {
            synchronized (ended) {
                ended.put(id, result.get());
            }
        }
        return result;
    }

    /** Forgets a deleted dispatch. */
    void forget(String id) {
        synchronized (ended) {
            ended.remove(id);
        }
    }

    /** The most recently used ended dispatches, at most {@value #KEPT}. */
    private static final class Recent extends LinkedHashMap<String, DispatchResult<Object>> {
        private static final long serialVersionUID = 1L;

        Recent() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DispatchResult<Object>> eldest) {
            return size() > KEPT;
        }
    }
}
