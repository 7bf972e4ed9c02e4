package dev.valence.examples;

import dev.valence.Electron;
import dev.valence.Lattice;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Numeric results and how they are stored: a measurement returns its columns as a {@code Map<String,
 * double[]>} (stored as HDF5, one dataset per column, readable with {@code h5dump}), a background
 * subtraction returns a {@code double[][]} matrix (HDF5 too), a smoothing returns a {@code double[]}
 * (raw little-endian doubles) and the summary is a record (JSON, readable with {@code sqlite3}).
 */
public final class Spectra {
    private Spectra() {}

    /**
     * The peak found in a spectrum.
     *
     * @param energy where the peak is
     * @param height its height above the background
     */
    public record Peak(double energy, double height) {}

    /**
     * Stands for reading an instrument: a Gaussian peak at {@code centre} on a flat background.
     *
     * @param centre the peak's energy
     * @param channels the number of channels
     * @return the columns {@code energy} and {@code counts}
     */
    @Electron
    public static Map<String, double[]> measure(double centre, int channels) {
        double[] energy = new double[channels];
        double[] counts = new double[channels];
        for (int i = 0; i < channels; i++) {
            energy[i] = i * 0.5;
            counts[i] = 5 + 100 * Math.exp(-Math.pow(energy[i] - centre, 2) / 2);
        }
        Map<String, double[]> columns = new LinkedHashMap<>();
        columns.put("energy", energy);
        columns.put("counts", counts);
        return columns;
    }

    /**
     * Subtracts the background, estimated as the smallest count.
     *
     * @param columns the measurement
     * @return two rows: energy, and counts above the background
     */
    @Electron
    public static double[][] subtractBackground(Map<String, double[]> columns) {
        double[] counts = columns.get("counts");
        double background = Double.MAX_VALUE;
        for (double count : counts) {
            background = Math.min(background, count);
        }
        double[] net = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            net[i] = counts[i] - background;
        }
        return new double[][] {columns.get("energy"), net};
    }

    /**
     * A three-channel moving average of the net counts.
     *
     * @param net energy and net counts
     * @return the smoothed counts
     */
    @Electron
    public static double[] smooth(double[][] net) {
        double[] counts = net[1];
        double[] smoothed = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            int from = Math.max(0, i - 1);
            int to = Math.min(counts.length - 1, i + 1);
            double sum = 0;
            for (int j = from; j <= to; j++) {
                sum += counts[j];
            }
            smoothed[i] = sum / (to - from + 1);
        }
        return smoothed;
    }

    /**
     * The highest smoothed channel.
     *
     * @param net energy and net counts
     * @param smoothed the smoothed counts
     * @return the peak
     */
    @Electron
    public static Peak findPeak(double[][] net, double[] smoothed) {
        int best = 0;
        for (int i = 1; i < smoothed.length; i++) {
            if (smoothed[i] > smoothed[best]) {
                best = i;
            }
        }
        return new Peak(net[0][best], smoothed[best]);
    }

    /**
     * Measures, subtracts the background, smooths and finds the peak.
     *
     * @param centre where the instrument's peak is
     * @param channels the number of channels
     * @return the peak found
     */
    @Lattice
    public static Peak analyse(double centre, int channels) {
        Map<String, double[]> columns = measure(centre, channels);
        double[][] net = subtractBackground(columns);
        return findPeak(net, smooth(net));
    }
}
