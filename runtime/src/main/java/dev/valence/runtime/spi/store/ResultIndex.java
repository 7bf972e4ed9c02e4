package dev.valence.runtime.spi.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The key index: which stored result (or recorded failure) a cache key maps to. A role of {@link
 * ResultStore}. It only finds candidates; whether a candidate is reused is the engine's decision
 * (it checks that the value is present, intact and readable here).
 */
public interface ResultIndex {

    /**
     * Finds a result recorded for a cache key.
     *
     * @param cacheKey the key
     * @param fromDispatch null to search the whole store, or the id of the only dispatch whose
     *     results may be reused
     * @return the result, if one is indexed and its value row exists
     */
    Optional<CachedResult> lookup(String cacheKey, String fromDispatch);

    /**
     * Finds the results recorded for many keys at once: for each key what {@link #lookup} finds,
     * in as few round trips as the store can make it. The engine asks for the keys of a whole ready
     * wave (a fan-out's thousands of calls) before it plans them. The default asks key by key;
     * stores that pay a round trip or a statement per lookup override it.
     *
     * @param cacheKeys the keys
     * @param fromDispatch as for {@link #lookup}
     * @return the keys that have a result, each with it; keys without one are absent
     */
    default Map<String, CachedResult> lookupAll(Collection<String> cacheKeys, String fromDispatch) {
        Map<String, CachedResult> found = new HashMap<>();
        for (String cacheKey : cacheKeys) {
            lookup(cacheKey, fromDispatch).ifPresent(hit -> found.put(cacheKey, hit));
        }
        return found;
    }

    /**
     * Finds the most recent reusable failure ({@link NodeOutcome#isReusableFailure()}) recorded for
     * a cache key that no later success of the key overrides. Consulted only by policies that reuse
     * failures, after {@link #lookup} missed.
     *
     * @param cacheKey the key
     * @param fromDispatch null to search the whole store, or the id of the only dispatch to search
     * @return the failure, if any
     */
    Optional<RecordedFailure> lookupFailure(String cacheKey, String fromDispatch);
}
