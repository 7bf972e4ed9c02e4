package com.example;

import dev.valence.Electron;
import dev.valence.Lattice;
import java.util.ArrayList;
import java.util.List;

/** A user's workflow: electrons and a lattice, compiled by the processor from the BOM's version. */
public final class Pipeline {
    private Pipeline() {}

    @Electron
    static List<Integer> range(int n) {
        List<Integer> numbers = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    @Electron
    static int square(int x) {
        return x * x;
    }

    @Electron
    static int sum(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).sum();
    }

    @Lattice
    static int sumOfSquares(int a, int b) {
        return sum(List.of(square(a), square(b)));
    }
}
