package dev.valence.runtime;

import java.util.Objects;

/**
 * Which earlier results a dispatch may reuse instead of running an electron again. A node is
 * reused only when an earlier run had the same electron id, code fingerprint, version and argument
 * fingerprints; {@code @Electron(cache = false)} electrons are never reused.
 */
public final class Reuse {

    /** Reuse any matching result in the store (the default). */
    public static final Reuse ALL = new Reuse(null, true);

    /** Run every electron again. */
    public static final Reuse NONE = new Reuse(null, false);

    private static final String FROM = "from:";

    private final String fromDispatch;
    private final boolean enabled;

    private Reuse(String fromDispatch, boolean enabled) {
        this.fromDispatch = fromDispatch;
        this.enabled = enabled;
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
        return new Reuse(dispatchId, true);
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
     * Reads a policy written by {@link #toString()}.
     *
     * @param text {@code all}, {@code none} or {@code from:<id>}
     * @return the policy
     */
    public static Reuse parse(String text) {
        if ("all".equals(text)) {
            return ALL;
        }
        if ("none".equals(text)) {
            return NONE;
        }
        if (text != null && text.startsWith(FROM)) {
            return from(text.substring(FROM.length()));
        }
        throw new IllegalArgumentException(
                "not a reuse policy: '" + text + "'; expected all, none or from:<dispatch id>");
    }

    /** @return whether any result may be reused */
    public boolean enabled() {
        return enabled;
    }

    /** @return the only dispatch whose results may be reused, or null for the whole store */
    public String fromDispatch() {
        return fromDispatch;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Reuse that
                && enabled == that.enabled
                && Objects.equals(fromDispatch, that.fromDispatch);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fromDispatch, enabled);
    }

    @Override
    public String toString() {
        if (!enabled) {
            return "none";
        }
        return fromDispatch == null ? "all" : FROM + fromDispatch;
    }
}
