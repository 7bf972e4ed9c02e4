package dev.valence.runtime.spi.store;

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
