package dev.valence.examples;

import dev.valence.Electron;
import dev.valence.Lattice;

/**
 * Covalent's re-execution tutorial, in Java: four electrons and a lattice that chains three of
 * them. The annotation processor generates {@code ArithmeticElectrons} (typed references, used to
 * replace {@code task2} by {@code task2Redefined}) and {@code ArithmeticLattices} (the graph builder
 * {@code workflow(a, b)}).
 */
public final class Arithmetic {
    private Arithmetic() {}

    /**
     * Returns its input.
     *
     * @param a a number
     * @return {@code a}
     */
    @Electron
    public static int task0(int a) {
        return a;
    }

    /**
     * Adds.
     *
     * @param a a number
     * @param b another
     * @return {@code a + b}
     */
    @Electron
    public static int task1(int a, int b) {
        return a + b;
    }

    /**
     * Divides.
     *
     * @param a the dividend
     * @param b the divisor
     * @return {@code a / b} as a double
     */
    @Electron
    public static double task2(int a, int b) {
        return (double) a / b;
    }

    /**
     * Multiplies: the tutorial's replacement for {@link #task2}.
     *
     * @param a a number
     * @param b another
     * @return {@code a * b} as a double
     */
    @Electron
    public static double task2Redefined(int a, int b) {
        return a * b;
    }

    /**
     * The workflow: {@code task2(task1(task0(a), b), b)}. Called directly, it runs eagerly.
     *
     * @param a the first input
     * @param b the second input
     * @return the result of {@code task2}
     */
    @Lattice
    public static double workflow(int a, int b) {
        int res0 = task0(a);
        int res1 = task1(res0, b);
        return task2(res1, b);
    }
}
