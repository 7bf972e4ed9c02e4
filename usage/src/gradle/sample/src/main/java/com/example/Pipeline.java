package com.example;

import dev.valence.Electron;
import dev.valence.Lattice;

/** A user's workflow: two electrons and a lattice, compiled by the processor under Gradle. */
public final class Pipeline {
    private Pipeline() {}

    @Electron
    static int square(int x) {
        return x * x;
    }

    @Electron
    static int add(int a, int b) {
        return a + b;
    }

    @Lattice
    static int sumOfSquares(int a, int b) {
        return add(square(a), square(b));
    }
}
