package dev.valence;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as an electron: one task of a workflow.
 *
 * <p>An electron is ordinary Java. Called directly, it runs like any method. Called from the body
 * of a {@link Lattice}, it becomes a node of the lattice's graph: the runtime runs it when its
 * arguments are ready, in parallel with independent nodes, and skips it when an earlier run with
 * the same code and the same argument values stored its result.
 *
 * <p>The annotation processor fingerprints the electron's code at compile time: its body and all
 * the code of the build it reaches (methods, constructors and field initializers of any class, the
 * values of constants), with formatting and comments ignored, and the runtime adds the class files
 * of the library classes it calls. Changing the code makes earlier results unusable; {@link
 * #version()} covers what the fingerprint cannot see (reflection, service loaders, files read by
 * path).
 *
 * <p>Electrons may be {@code void} (their node's value is {@code null}; a lattice calls them for
 * their effect, typically with {@code cache = false}) and generic ({@code <T> List<T> twice(T x)}:
 * each call's node records the concrete result type at that call). A parameter marked {@link
 * IgnoreForCache} does not count in the cache key.
 *
 * <p>Rules checked by the compiler: the method is {@code static} and not {@code private}, it is
 * not overloaded in its class, its name (or {@link #name()}) is unique among the class's electrons,
 * its type parameters' bounds mention no type variables, {@link #retries()} is not negative,
 * {@link #timeout()} is a positive ISO-8601 duration, {@link #retryDelay()} is an ISO-8601 duration
 * and {@link #retryBackoff()} is at least 1.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Electron {

    /**
     * The electron's display name: it names the electron's nodes in dispatch results. Defaults to
     * the method's name. Must be a Java identifier, unique among the electrons of the class.
     *
     * @return the display name, or empty for the method's name
     */
    String name() default "";

    /**
     * A version the user bumps when the electron's behaviour changes in a way its code fingerprint
     * cannot see (a library upgrade, a helper in another class, a data file it reads). Part of the
     * cache key: results stored under another version are never reused.
     *
     * @return the version, or empty
     */
    String version() default "";

    /**
     * Whether results of this electron may be reused. Set {@code false} for stochastic or
     * side-effecting electrons: they run on every dispatch, and their dependants are keyed by the
     * output they actually produced.
     *
     * @return whether results may be reused
     */
    boolean cache() default true;

    /**
     * The name of the executor that runs this electron, as registered with the runtime
     * ({@code Valence.builder().executor("io", ...)}). Empty means the default pool. A dispatch
     * whose graph names an unregistered executor is refused before anything runs.
     *
     * @return the executor's name, or empty for the default pool
     */
    String executor() default "";

    /**
     * How many times a failing run is retried before the node fails. Zero (the default) means the
     * first failure is final. Must not be negative.
     *
     * @return the number of retries
     */
    int retries() default 0;

    /**
     * How long to wait before the first retry, as an ISO-8601 duration ({@code "PT1S"}). Empty (the
     * default) retries at once. Each later retry waits {@link #retryBackoff()} times longer. Checked
     * by the compiler.
     *
     * @return the ISO-8601 duration, or empty for no wait
     */
    String retryDelay() default "";

    /**
     * The factor each retry's wait grows by: 2 (the default) doubles it, 1 keeps it constant. At
     * least 1.
     *
     * @return the factor
     */
    double retryBackoff() default 2.0;

    /**
     * The exception types worth retrying, with their subtypes ({@code IOException.class}); any other
     * exception fails the node at once. Empty (the default) retries every exception. An {@link
     * Error} is never retried.
     *
     * @return the types, or empty for all
     */
    Class<? extends Throwable>[] retryOn() default {};

    /**
     * The longest one attempt may run, as an ISO-8601 duration ({@code "PT30S"}, {@code
     * "PT5M"}). Empty means no limit. An attempt that runs longer is interrupted and counts as a
     * failure (and is retried if {@link #retries()} allows). Checked by the compiler.
     *
     * @return the ISO-8601 duration, or empty for no limit
     */
    String timeout() default "";
}
