package dev.valence.runtime.internal.engine;

import dev.valence.runtime.Reuse;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.RecordedFailure;
import dev.valence.runtime.spi.store.ResultStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides, in one place, whether a node reuses a stored result, replays a recorded failure, or
 * computes: the policy, the key index's candidate, whether the candidate's value is intact in the
 * store ({@link dev.valence.runtime.spi.store.ValueStore#whyUnusable}) and readable in this process
 * ({@link Values#whyNotReusable}). Stores only find candidates; they never decide.
 */
final class ReusePlanner {
    private static final Logger LOG = LoggerFactory.getLogger(ReusePlanner.class);

    private final ResultStore store;
    private final Values values;

    ReusePlanner(ResultStore store, Values values) {
        this.store = store;
        this.values = values;
    }

    /** What a node does. */
    sealed interface Decision permits Compute, ReuseResult, ReplayFailure {}

    /**
     * Run the electron.
     *
     * @param reason why, in words, for the node's record
     * @param index whether the result enters the key index (false for {@code cache = false})
     * @param replaces the fingerprint of a stored value that cannot be used and that the fresh value
     *     replaces, or null
     * @param singleFlight whether identical work in flight elsewhere should be awaited first
     */
    record Compute(String reason, boolean index, String replaces, boolean singleFlight) implements Decision {}

    /**
     * Reuse a stored result.
     *
     * @param hit the result
     */
    record ReuseResult(CachedResult hit) implements Decision {}

    /**
     * Fail with a failure recorded for the key ({@link Reuse#withFailures()}).
     *
     * @param failure the failure
     */
    record ReplayFailure(RecordedFailure failure) implements Decision {}

    /**
     * What the key index held for a node's key when its ready wave was looked up in one batch.
     *
     * @param hit the indexed result, or null when there was none
     */
    record Prefetched(CachedResult hit) {}

    /**
     * Looks up the keys of a wave of nodes that became ready together (a fan-out's calls) in one
     * batch, so that each node's first {@link #plan} asks the index nothing more. Nodes the policy
     * never reuses are left out. A key that cannot be computed, or a batch the store fails, is left
     * to the node's own lookup, which fails the node with the cause.
     */
    void prefetch(List<Integer> wave, NodeState[] states, Reuse reuse) {
        if (wave.size() < 2 || !reuse.enabled()) {
            return;
        }
        List<NodeState> keyed = new ArrayList<>(wave.size());
        List<String> keys = new ArrayList<>(wave.size());
        for (int index : wave) {
            NodeState state = states[index];
            if (state.electron == null || !state.electron.cache() || reuse.forcesRerunOf(state.electron.id())) {
                continue;
            }
            try {
                if (state.cacheKey == null) {
                    state.cacheKey = state.cacheKey(states);
                }
            } catch (RuntimeException e) {
                continue;
            }
            keyed.add(state);
            keys.add(state.cacheKey);
        }
        if (keys.size() < 2) {
            return;
        }
        Map<String, CachedResult> found;
        try {
            found = store.resultIndex().lookupAll(keys, reuse.fromDispatch());
        } catch (RuntimeException e) {
            LOG.debug("the batched lookup of {} keys failed; each node looks its key up alone", keys.size(), e);
            return;
        }
        for (NodeState state : keyed) {
            state.prefetched = new Prefetched(found.get(state.cacheKey));
        }
    }

    /**
     * The first decision for a node that is ready to run.
     *
     * @param prefetched what its wave's batched lookup found for the key, or null to look it up now
     */
    Decision plan(ElectronRef<?> electron, String cacheKey, Reuse reuse, Prefetched prefetched) {
        if (!electron.cache()) {
            return new Compute(
                    "ran: the electron is declared cache = false, so it is never reused", false, null, false);
        }
        if (reuse.forcesRerunOf(electron.id())) {
            return new Compute("ran: the reuse policy forces " + electron.name() + " to run again", true, null, false);
        }
        if (!reuse.enabled()) {
            return new Compute("ran: the reuse policy is Reuse.NONE", true, null, false);
        }
        Decision stored =
                prefetched != null ? decide(cacheKey, Optional.ofNullable(prefetched.hit())) : lookup(cacheKey, reuse);
        if (!(stored instanceof Compute miss)) {
            return stored;
        }
        if (reuse.reusesFailures() && miss.replaces() == null) {
            // A stored success this process cannot use is still a later success: do not replay an older failure.
            Optional<RecordedFailure> failure = store.resultIndex().lookupFailure(cacheKey, reuse.fromDispatch());
            if (failure.isPresent()) {
                return new ReplayFailure(failure.get());
            }
        }
        if (reuse.fromDispatch() != null) {
            String reason = miss.replaces() != null
                    ? miss.reason()
                    : "ran: dispatch " + reuse.fromDispatch() + " has no result with this key";
            return new Compute(reason, true, miss.replaces(), false);
        }
        return miss;
    }

    /**
     * Looks the key up again (after waiting for identical work in flight, or after taking its
     * lease): a usable stored result, or the reason to compute.
     */
    Decision lookup(String cacheKey, Reuse reuse) {
        return decide(cacheKey, store.resultIndex().lookup(cacheKey, reuse.fromDispatch()));
    }

    /**
     * The look once a key is taken: what the store read with the lease row, when it did (a
     * process alone), else the index now.
     */
    Decision afterTaking(String cacheKey, Reuse reuse, Leases.Taken taken) {
        return taken.lookedUp() ? decide(cacheKey, taken.found()) : lookup(cacheKey, reuse);
    }

    /** Reuse the index's candidate if its value is intact here, else the reason to compute. */
    private Decision decide(String cacheKey, Optional<CachedResult> hit) {
        if (hit.isEmpty()) {
            return new Compute("ran: no stored result has this key", true, null, true);
        }
        String fingerprint = hit.get().valueFingerprint();
        Optional<String> unusable = store.values()
                .whyUnusable(fingerprint)
                .or(() -> values.whyNotReusable(fingerprint, hit.get().codec()));
        if (unusable.isPresent()) {
            // Reusing it would fail every dependant that reads it: compute it here and replace it.
            LOG.warn(
                    "the stored result for key {} cannot be used ({}); computing it again to replace it",
                    cacheKey,
                    unusable.get());
            return new Compute("ran: " + unusable.get(), true, fingerprint, true);
        }
        return new ReuseResult(hit.get());
    }
}
