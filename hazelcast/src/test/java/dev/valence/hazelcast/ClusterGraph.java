package dev.valence.hazelcast;

import dev.valence.Electron;
import dev.valence.IgnoreForCache;
import dev.valence.Lattice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The cluster tests' workflow, compiled by the annotation processor so that workers find its
 * electrons through the generated catalog, as in production. Every execution leaves one file in
 * the runs folder, named by the electron, its key and the process that ran it ({@code
 * -Dvalence.test.process}), so the tests count executions from the files, not from the coordinator.
 */
public final class ClusterGraph {
    private ClusterGraph() {}

    /**
     * @param i the leaf's index
     * @param delayMillis how long the call takes
     * @param runs the folder of execution files
     * @return a number made from {@code i}
     * @throws Exception when the execution file cannot be written, or interrupted
     */
    @Electron
    public static long leaf(int i, int delayMillis, @IgnoreForCache String runs) throws Exception {
        ran(runs, "leaf-" + i);
        Thread.sleep(delayMillis);
        return i * 7L + 3;
    }

    /**
     * @param x a leaf's value
     * @param delayMillis how long the call takes
     * @param runs the folder of execution files
     * @return {@code x} squared, modulo a prime
     * @throws Exception when the execution file cannot be written, or interrupted
     */
    @Electron
    public static long square(long x, int delayMillis, @IgnoreForCache String runs) throws Exception {
        ran(runs, "square-" + x);
        Thread.sleep(delayMillis);
        return x * x % 1_000_003L;
    }

    /**
     * @param xs values
     * @param group which sum this is, for the execution file
     * @param runs the folder of execution files
     * @return their sum
     * @throws IOException when the execution file cannot be written
     */
    @Electron
    public static long total(List<Long> xs, int group, @IgnoreForCache String runs) throws IOException {
        ran(runs, "total-" + group);
        long sum = 0;
        for (long x : xs) {
            sum += x;
        }
        return sum;
    }

    /**
     * {@code groups * size} leaves, each squared, summed per group and then overall: {@code 2 *
     * groups * size + groups + 1} electron nodes.
     *
     * @param groups how many groups
     * @param size leaves per group
     * @param delayMillis how long each leaf and square takes
     * @param runs the folder of execution files
     * @return the sum of the squares
     * @throws Exception when called as plain Java and an electron throws
     */
    @Lattice
    public static long grid(int groups, int size, int delayMillis, String runs) throws Exception {
        List<Long> partials = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<Long> squares = new ArrayList<>();
            for (int k = 0; k < size; k++) {
                squares.add(square(leaf(g * size + k, delayMillis, runs), delayMillis, runs));
            }
            partials.add(total(squares, g, runs));
        }
        return total(partials, -1, runs);
    }

    /** The value {@link #grid} computes, in plain Java. */
    static long expected(int groups, int size) {
        long sum = 0;
        for (int i = 0; i < groups * size; i++) {
            long x = i * 7L + 3;
            sum += x * x % 1_000_003L;
        }
        return sum;
    }

    private static void ran(String runs, String key) throws IOException {
        String process = System.getProperty("valence.test.process", "test");
        Files.createFile(Path.of(runs, key + "@" + process + "@" + UUID.randomUUID()));
    }
}
