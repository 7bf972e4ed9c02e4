package dev.valence.benchmarks;

import dev.valence.Electron;
import dev.valence.Lattice;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster benchmark's graphs, compiled by the annotation processor: workers find electrons
 * through generated catalogs, which the hand-built {@link Graphs} have none of.
 */
public final class ClusterGraphs {
    private ClusterGraphs() {}

    /**
     * A no-op.
     *
     * @param x a value
     * @param i a node index, keeping keys apart
     * @return {@code x + 1}
     */
    @Electron
    public static int step(int x, int i) {
        return x + 1;
    }

    /**
     * @param xs values
     * @return their sum
     */
    @Electron
    public static int sum(List<Integer> xs) {
        int sum = 0;
        for (int x : xs) {
            sum += x;
        }
        return sum;
    }

    /**
     * {@code n} independent no-ops on the root, summed.
     *
     * @param root the root, new per run so nothing is reused
     * @param n how many
     * @return the sum
     */
    @Lattice
    public static int fanOut(int root, int n) {
        List<Integer> xs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            xs.add(step(root, i));
        }
        return sum(xs);
    }

    /**
     * {@code n} no-ops one after another.
     *
     * @param root the root, new per run so nothing is reused
     * @param n how many
     * @return {@code root + n}
     */
    @Lattice
    public static int chain(int root, int n) {
        int x = root;
        for (int i = 0; i < n; i++) {
            x = step(x, i);
        }
        return x;
    }
}
