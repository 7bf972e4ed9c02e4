package dev.valence;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method as a lattice: a workflow whose body calls {@link Electron electrons}.
 *
 * <p>The method stays ordinary Java: calling it runs the electrons eagerly, one after the other,
 * which is how a lattice is debugged and unit-tested. The annotation processor also reads its body
 * and generates, next to the class, a class {@code <Class>Lattices} with a method of the same name
 * and parameters that returns the lattice's graph as a dispatchable {@code Workflow}.
 *
 * <p>The body is a straight line: local variables assigned from electron calls, electron
 * arguments that are the lattice's parameters, constants or earlier results, and a {@code return}
 * of an electron's result. Anything else is a compile error at the offending expression.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Lattice {

    /**
     * The lattice's display name in dispatch listings. Defaults to the method's name. Must be a
     * Java identifier.
     */
    String name() default "";
}
