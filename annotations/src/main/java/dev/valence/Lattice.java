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
 * <p>The body is ordinary Java that runs <em>while the graph is built</em>, with the concrete
 * inputs: loops and conditions over the lattice's parameters ({@code for (int f : frames)
 * render(f, scene)} fans out one node per frame), arithmetic and helper calls on inputs, constants,
 * {@code var}, locals reassigned or declared without a value, and {@code List} locals that collect
 * electron results (a fan-in). Every electron call becomes a node; a local that holds an electron's
 * result becomes a handle on that node.
 *
 * <p>The shape of the graph may depend on the inputs, never on an electron's result. An electron's
 * result may only be passed to an electron or a lattice, returned, or put in a collection literal
 * ({@code List.of(a, b)}, {@code Map.of("x", a)}) passed to one; anything else (an {@code if} on
 * it, arithmetic, a method call on it) is a compile error at that expression, whose message says
 * what to do instead: move the logic into an electron, or pass the value to a lattice. A lattice
 * called from a lattice with inputs only is expanded inline; called with an electron's result among
 * its arguments it becomes a sublattice node, whose graph is built and run when its arguments are
 * ready (how the result of one step chooses the next steps).
 *
 * <p>Rules checked by the compiler: the method is {@code static}, not {@code private}, returns a
 * value (no {@code void} lattices), has no type parameters, is not overloaded in its class, and is
 * not also an {@code @Electron}; {@link IgnoreForCache} is not allowed on its parameters.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Lattice {

    /**
     * The lattice's display name in dispatch listings. Defaults to the method's name. Must be a
     * Java identifier.
     *
     * @return the display name, or empty for the method's name
     */
    String name() default "";
}
