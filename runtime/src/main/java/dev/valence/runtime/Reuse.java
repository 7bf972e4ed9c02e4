package dev.valence.runtime;

import dev.valence.runtime.graph.ElectronRef;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which earlier results a dispatch may reuse instead of running an electron again. A node is
 * reused only when an earlier run had the same electron id, code fingerprint, version and argument
 * fingerprints; {@code @Electron(cache = false)} electrons are never reused.
 *
 * <pre>{@code
 * Reuse.ALL                                   // any matching result in the store (default)
 * Reuse.from(first)                           // only results of one earlier dispatch
 * Reuse.NONE                                  // run everything
 * Reuse.ALL.except(MyElectrons.fetch())       // reuse, but run every call of fetch again
 * Reuse.ALL.withFailures()                    // also fail at once where the same call failed before
 * }</pre>
 *
 * <p>Failures are recorded but, by default, never reused: a node whose call failed earlier runs
 * again. {@link #withFailures()} asks for the failure instead, without running.
 */
public final class Reuse {

    /** Reuse any matching result in the store (the default). */
    public static final Reuse ALL = new Reuse(null, true, false, new TreeSet<>());

    /** Run every electron again. */
    public static final Reuse NONE = new Reuse(null, false, false, new TreeSet<>());

    private static final String FROM = "from:";
    private static final String RERUN = "rerun=";
    private static final String FAILURES = "failures";

    private final String fromDispatch;
    private final boolean enabled;
    private final boolean failures;
    private final SortedSet<String> rerun;

    private Reuse(String fromDispatch, boolean enabled, boolean failures, SortedSet<String> rerun) {
        this.fromDispatch = fromDispatch;
        this.enabled = enabled;
        this.failures = failures;
        this.rerun = rerun;
    }

    /**
     * Reuses only results of one earlier dispatch (Covalent's {@code reuse_previous_results}).
     *
     * @param dispatchId the earlier dispatch's id
     * @return the policy
     */
    public static Reuse from(String dispatchId) {
        if (dispatchId == null || dispatchId.isBlank()) {
            throw new IllegalArgumentException(
                    "Reuse.from needs a dispatch id; use Reuse.ALL to reuse from the whole store");
        }
        return new Reuse(dispatchId, true, false, new TreeSet<>());
    }

    /**
     * Reuses only results of one earlier dispatch of this process; same as {@code
     * from(dispatch.id())}.
     *
     * @param dispatch the earlier dispatch
     * @return the policy
     */
    public static Reuse from(Dispatch<?> dispatch) {
        return from(Objects.requireNonNull(dispatch, "dispatch").id());
    }

    /**
     * Forces every call of the given electrons to run again, whatever is stored; the fresh results
     * replace the stored ones for later reuse. Their dependants are still reused when the rerun
     * produces the same values (early cutoff).
     *
     * @param electrons the electrons to run again (matched by the id of the electron that runs,
     *     after any replacement)
     * @return a policy that also forces these electrons
     */
    public Reuse except(ElectronRef<?>... electrons) {
        SortedSet<String> forced = new TreeSet<>(rerun);
        Arrays.stream(electrons)
                .map(electron -> Objects.requireNonNull(electron, "electron").id())
                .forEach(forced::add);
        return new Reuse(fromDispatch, enabled, failures, forced);
    }

    /**
     * Also reuses failures (Parsl memoizes exceptions too): a node whose call failed in an earlier
     * run, and never succeeded since, fails at once with the recorded error instead of running
     * again. Worth it when a call fails slowly and deterministically; a later success with the same
     * key wins over the failure. Electrons named in {@link #except} still run.
     *
     * @return a policy that also reuses failures
     * @throws IllegalStateException on {@link #NONE}, which reuses nothing
     */
    public Reuse withFailures() {
        if (!enabled) {
            throw new IllegalStateException(
                    "Reuse.NONE reuses nothing, failures included; start from Reuse.ALL or Reuse.from(dispatch)");
        }
        return new Reuse(fromDispatch, true, true, rerun);
    }

    /**
     * Reads a policy written by {@link #toString()}.
     *
     * @param text {@code all}, {@code none} or {@code from:<id>}, optionally followed by {@code
     *     ;failures} and {@code ;rerun=<electron id>,<electron id>}
     * @return the policy
     */
    public static Reuse parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] parts = text.split(";", -1);
        Reuse policy;
        if ("all".equals(parts[0])) {
            policy = ALL;
        } else if ("none".equals(parts[0])) {
            policy = NONE;
        } else if (parts[0].startsWith(FROM)) {
            policy = from(parts[0].substring(FROM.length()));
        } else {
            throw notAPolicy(text);
        }
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].equals(FAILURES)) {
                policy = policy.withFailures();
            } else if (parts[i].startsWith(RERUN)) {
                SortedSet<String> forced = new TreeSet<>(
                        Arrays.asList(parts[i].substring(RERUN.length()).split(",", -1)));
                policy = new Reuse(policy.fromDispatch, policy.enabled, policy.failures, forced);
            } else {
                throw notAPolicy(text);
            }
        }
        return policy;
    }

    private static IllegalArgumentException notAPolicy(String text) {
        return new IllegalArgumentException("not a reuse policy: '" + text
                + "'; expected all, none or from:<dispatch id>, optionally followed by ;failures and ;rerun=<ids>");
    }

    /** @return whether any result may be reused */
    public boolean enabled() {
        return enabled;
    }

    /** @return the only dispatch whose results may be reused, or null for the whole store */
    public String fromDispatch() {
        return fromDispatch;
    }

    /** @return whether a failure recorded for a call is reused instead of running the call again */
    public boolean reusesFailures() {
        return failures;
    }

    /** @return the ids of the electrons forced to run again */
    public Set<String> rerun() {
        return java.util.Collections.unmodifiableSortedSet(rerun);
    }

    /**
     * @param electronId an electron id
     * @return whether calls of that electron are forced to run again
     */
    public boolean forcesRerunOf(String electronId) {
        return rerun.contains(electronId);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Reuse that
                && enabled == that.enabled
                && failures == that.failures
                && Objects.equals(fromDispatch, that.fromDispatch)
                && rerun.equals(that.rerun);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fromDispatch, enabled, failures, rerun);
    }

    @Override
    public String toString() {
        String base = !enabled ? "none" : fromDispatch == null ? "all" : FROM + fromDispatch;
        String withFailures = failures ? base + ";" + FAILURES : base;
        return rerun.isEmpty() ? withFailures : withFailures + ";" + RERUN + String.join(",", rerun);
    }
}
