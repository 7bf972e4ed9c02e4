package dev.valence.examples;

import dev.valence.Electron;
import dev.valence.Lattice;
import java.util.ArrayList;
import java.util.List;

/**
 * A two-round parameter sweep: the first round fans out one simulation per point of a coarse grid
 * (a loop over the inputs), the best point is chosen by an electron, and the second round, a finer
 * grid around that point, is a dynamic sublattice: its graph can only be built once the first
 * round's result is known.
 */
public final class ParameterSweep {
    private ParameterSweep() {}

    /**
     * The quantity to maximise; stands for an expensive simulation.
     *
     * @param x the parameter
     * @return the score at {@code x}, best at 3.7
     */
    @Electron
    public static double simulate(double x) {
        return 10 - (x - 3.7) * (x - 3.7);
    }

    /**
     * Picks the parameter with the best score.
     *
     * @param xs the parameters
     * @param scores their scores, in the same order
     * @return the parameter with the highest score
     */
    @Electron
    public static double best(List<Double> xs, List<Double> scores) {
        int best = 0;
        for (int i = 1; i < scores.size(); i++) {
            if (scores.get(i) > scores.get(best)) {
                best = i;
            }
        }
        return xs.get(best);
    }

    /**
     * The second round: five simulations around {@code center}.
     *
     * @param center the first round's best parameter
     * @param step the distance between points
     * @return the best parameter of this round
     */
    @Lattice
    public static double refine(double center, double step) {
        List<Double> xs = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int i = -2; i <= 2; i++) {
            double x = center + i * step;
            xs.add(x);
            scores.add(simulate(x));
        }
        return best(xs, scores);
    }

    /**
     * The whole sweep: a coarse grid, then {@link #refine} around its best point.
     *
     * @param from the grid's first point
     * @param to the grid's last point
     * @param points how many points the coarse grid has, at least 2
     * @return the best parameter found
     */
    @Lattice
    public static double sweep(double from, double to, int points) {
        double step = (to - from) / (points - 1);
        List<Double> xs = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            double x = from + i * step;
            xs.add(x);
            scores.add(simulate(x));
        }
        double coarse = best(xs, scores);
        return refine(coarse, step / 4);
    }
}
