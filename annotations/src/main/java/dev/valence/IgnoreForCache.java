package dev.valence;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Leaves a parameter of an {@link Electron} out of its cache key (Parsl's {@code
 * ignore_for_cache}): use it for arguments that do not change the result, such as a log or progress
 * sink, a thread count, or a verbosity flag. Two calls that differ only in such arguments share one
 * stored result.
 *
 * <p>The argument is still passed to the electron. A lattice input that feeds only ignored
 * parameters need not be storable: if it cannot be stored, a redispatch with the stored inputs asks
 * for new ones ({@code withInputs}).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.PARAMETER)
public @interface IgnoreForCache {}
