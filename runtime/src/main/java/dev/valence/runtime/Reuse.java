package dev.valence.runtime;

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
 * }</pre>
 */
public final class Reuse {

    /** Reuse any matching result in the store (the default). */
    public static final Reuse ALL = new Reuse(null, true, new TreeSet<>());

    /** Run every electron again. */
    public static final Reuse NONE = new Reuse(null, false, new TreeSet<>());

    private static final String FROM = "from:";
    private static final String RERUN = ";rerun=";

    private final String fromDispatch;
    private final boolean enabled;
    private final SortedSet<String> rerun;

    private Reuse(String fromDispatch, boolean enabled, SortedSet<String> rerun) {
        this.fromDispatch = fromDispatch;
        this.enabled = enabled;
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
        return new Reuse(dispatchId, true, new TreeSet<>());
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
        return new Reuse(fromDispatch, enabled, forced);
    }

    /**
     * Reads a policy written by {@link #toString()}.
     *
     * @param text {@code all}, {@code none} or {@code from:<id>}, optionally followed by {@code
     *     ;rerun=<electron id>,<electron id>}
     * @return the policy
     */
    public static Reuse parse(String text) {
        Objects.requireNonNull(text, "text");
        int split = text.indexOf(RERUN);
        String base = split < 0 ? text : text.substring(0, split);
        Reuse policy;
        if ("all".equals(base)) {
            policy = ALL;
        } else if ("none".equals(base)) {
            policy = NONE;
        } else if (base.startsWith(FROM)) {
            policy = from(base.substring(FROM.length()));
        } else {
            throw new IllegalArgumentException("not a reuse policy: '" + text
                    + "'; expected all, none or from:<dispatch id>, optionally followed by ;rerun=<ids>");
        }
        if (split < 0) {
            return policy;
        }
        SortedSet<String> forced = new TreeSet<>(
                Arrays.asList(text.substring(split + RERUN.length()).split(",", -1)));
        return new Reuse(policy.fromDispatch, policy.enabled, forced);
    }

    /** @return whether any result may be reused */
    public boolean enabled() {
        return enabled;
    }

    /** @return the only dispatch whose results may be reused, or null for the whole store */
    public String fromDispatch() {
        return fromDispatch;
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
                && Objects.equals(fromDispatch, that.fromDispatch)
                && rerun.equals(that.rerun);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fromDispatch, enabled, rerun);
    }

    @Override
    public String toString() {
        String base = !enabled ? "none" : fromDispatch == null ? "all" : FROM + fromDispatch;
        return rerun.isEmpty() ? base : base + RERUN + String.join(",", rerun);
    }
}
