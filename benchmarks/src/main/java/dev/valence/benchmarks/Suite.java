package dev.valence.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the whole suite through JMH's API with modest settings (one fork per benchmark, the
 * iteration counts the benchmark classes declare; the fingerprint benchmark with 2 warm-up and 3
 * measured iterations of 1 s), runs {@link MemoryPerNode} in a child JVM, and prints one markdown
 * table: each figure for Valence, for the hand-written {@code CompletableFuture} program (or the
 * floor) in the same run, their ratio, the target and whether it is met.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.valence.benchmarks.Suite [group...]
 * </pre>
 *
 * <p>Groups: {@code scheduling reuse processor fingerprint codec memory peers} (default: all);
 * {@code peers} runs the same graphs on Dask ({@link DaskPeer}). Figures are the
 * median of the measured iterations. JMH's own output goes to the console in silent mode; the table
 * is printed at the end.
 */
public final class Suite {
    private static final List<String> GROUPS =
            List.of("scheduling", "reuse", "processor", "fingerprint", "codec", "memory", "peers");
    private static final double NODES = Graphs.NODES;

    private final Map<String, Double> medians = new HashMap<>();
    private final Map<String, String> memory = new HashMap<>();
    private final List<String> rows = new ArrayList<>();
    private Optional<DaskPeer.Figures> dask = Optional.empty();

    private Suite() {}

    /**
     * Runs the suite and prints the table.
     *
     * @param args the groups to run; all if none
     * @throws RunnerException when JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        Set<String> groups = new LinkedHashSet<>(args.length == 0 ? GROUPS : List.of(args));
        if (!GROUPS.containsAll(groups)) {
            throw new IllegalArgumentException("unknown group in " + groups + "; groups are " + GROUPS);
        }
        long started = System.nanoTime();
        Suite suite = new Suite();
        if (groups.contains("scheduling")) {
            suite.run(options().include(SchedulingBenchmark.class.getName() + "\\."));
        }
        if (groups.contains("reuse")) {
            suite.run(options().include(ReuseBenchmark.class.getName() + "\\."));
        }
        if (groups.contains("processor")) {
            suite.run(options().include(ProcessorCompileBenchmark.class.getName() + "\\.with(out)?Processor$"));
        }
        if (groups.contains("fingerprint")) {
            suite.run(options()
                    .include(FingerprintBenchmark.class.getName() + "\\.(rawSha256Floor|valenceDoubleArray)")
                    .warmupIterations(2)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3)
                    .measurementTime(TimeValue.seconds(1)));
        }
        if (groups.contains("codec")) {
            suite.run(options().include(CodecBenchmark.class.getName() + "\\."));
        }
        if (groups.contains("memory")) {
            suite.memory();
        }
        if (groups.contains("peers")) {
            if (!groups.contains("scheduling")) {
                // The ratio needs Valence's in-memory figures from the same run.
                suite.run(options()
                        .include(SchedulingBenchmark.class.getName() + "\\.valence$")
                        .param("store", "memory"));
            }
            suite.dask = DaskPeer.measure();
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        System.out.println();
        System.out.println(suite.table(groups, seconds));
    }

    private static ChainedOptionsBuilder options() {
        return new OptionsBuilder().forks(1).verbosity(VerboseMode.SILENT).shouldFailOnError(true);
    }

    private void run(ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> results = new Runner(options.build()).run();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            StringBuilder key =
                    new StringBuilder(method.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1));
            for (String parameter : result.getParams().getParamsKeys()) {
                key.append(' ').append(result.getParams().getParam(parameter));
            }
            double median = result.getPrimaryResult().getStatistics().getPercentile(50);
            medians.put(key.toString(), median);
            System.out.printf(
                    Locale.ROOT,
                    "%-60s %10.3f %s%n",
                    key,
                    median,
                    result.getPrimaryResult().getScoreUnit());
        }
    }

    private void memory() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(
                        java.toString(),
                        "-Xms6g",
                        "-Xmx6g",
                        "-cp",
                        System.getProperty("java.class.path"),
                        MemoryPerNode.class.getName())
                .redirectErrorStream(true);
        try {
            Process process = builder.start();
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println("MemoryPerNode: " + line);
                    int equals = line.indexOf('=');
                    if (equals > 0) {
                        memory.put(line.substring(0, equals), line.substring(equals + 1));
                    }
                }
            }
            if (process.waitFor() != 0) {
                throw new IllegalStateException("MemoryPerNode failed with exit code " + process.exitValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String table(Set<String> groups, long seconds) {
        if (groups.contains("scheduling")) {
            for (String shape : List.of("chain", "fanout")) {
                double valence = get("SchedulingBenchmark.valence " + shape + " memory");
                double byHand = get("SchedulingBenchmark.completableFuture " + shape);
                double ratio = valence / byHand;
                row(
                        "Scheduling, 10k " + shape + ", cold, in-memory store",
                        perNode(valence),
                        perNode(byHand),
                        ratio(ratio),
                        "≤ 10× CF per node",
                        atMost(ratio, 10, "×"));
            }
            for (String shape : List.of("chain", "fanout")) {
                double byHand = get("SchedulingBenchmark.completableFuture " + shape);
                for (String store : List.of("sqlite", "sqlite-periodic", "sqlite-end")) {
                    double valence = get("SchedulingBenchmark.valence " + shape + " " + store);
                    double rate = NODES / (valence / 1000);
                    boolean target = store.equals("sqlite");
                    row(
                            "Durable cold run, 10k " + shape + ", SQLite " + mode(store),
                            String.format(Locale.ROOT, "%,.0f nodes/s (%s)", rate, perNode(valence)),
                            String.format(Locale.ROOT, "%,.0f nodes/s", NODES / (byHand / 1000)),
                            ratio(valence / byHand),
                            target ? "≥ 25,000 nodes/s" : "(comparison)",
                            target ? atLeast(rate, 25_000) : "");
                }
            }
        }
        if (groups.contains("reuse")) {
            for (String shape : List.of("chain", "fanout")) {
                double valence = get("ReuseBenchmark.allReused " + shape);
                double byHand = get("ReuseBenchmark.completableFuture " + shape);
                double micros = valence * 1000 / NODES;
                row(
                        "All-reused redispatch (stored inputs), 10k " + shape + ", SQLite",
                        perNode(valence),
                        perNode(byHand) + " (computed)",
                        ratio(valence / byHand),
                        "≤ 5 µs/node",
                        atMost(micros, 5, " µs"));
            }
            double byHand = get("ReuseBenchmark.completableFuture layered");
            double unchanged = get("ReuseBenchmark.unchanged");
            double noReuse = get("ReuseBenchmark.noReuse");
            double root = get("ReuseBenchmark.changedRoot");
            double leaf = get("ReuseBenchmark.changedLeaf");
            row(
                    "Unchanged inputs (withInputs), layered 100×100, SQLite: all reused",
                    perNode(unchanged),
                    perNode(byHand) + " (computed)",
                    ratio(unchanged / byHand),
                    "≤ 5 µs/node",
                    atMost(unchanged * 1000 / NODES, 5, " µs"));
            row(
                    "Changed root input, layered: 10,000 rerun",
                    String.format(
                            Locale.ROOT,
                            "%.1f ms; Reuse.NONE %.1f ms = %.1f µs/node",
                            root,
                            noReuse,
                            noReuse * 1000 / NODES),
                    perNode(byHand) + " (computed)",
                    ratio(root / byHand),
                    "∝ reruns: ≤ 1.25× Reuse.NONE",
                    atMost(root / noReuse, 1.25, "×"));
            double predicted = unchanged + root / NODES;
            row(
                    "Changed leaf input, layered: 1 reruns, 9,999 reused",
                    String.format(Locale.ROOT, "%.1f ms; all reused + 1 rerun node = %.1f ms", leaf, predicted),
                    perNode(byHand) + " (computed)",
                    ratio(leaf / byHand),
                    "∝ reruns: ≤ 1.25× (all reused + 1 node)",
                    atMost(leaf / predicted, 1.25, "×"));
        }
        if (groups.contains("processor")) {
            double with = get("ProcessorCompileBenchmark.withProcessor");
            double without = get("ProcessorCompileBenchmark.withoutProcessor");
            row(
                    "Compile 200 electrons + 20 lattices (javac in-process)",
                    String.format(Locale.ROOT, "%.0f ms with processor", with),
                    String.format(Locale.ROOT, "%.0f ms with -proc:none", without),
                    ratio(with / without),
                    "≤ 1.30×",
                    atMost(with / without, 1.30, "×"));
        }
        if (groups.contains("fingerprint")) {
            double valence = get("FingerprintBenchmark.valenceDoubleArray");
            double floor = get("FingerprintBenchmark.rawSha256Floor");
            double rate = FingerprintBenchmark.BYTES / 1e9 / (valence / 1000);
            row(
                    "Fingerprint 80 MB double[]",
                    String.format(Locale.ROOT, "%.2f GB/s", rate),
                    String.format(
                            Locale.ROOT,
                            "%.2f GB/s (raw SHA-256 floor)",
                            FingerprintBenchmark.BYTES / 1e9 / (floor / 1000)),
                    ratio(valence / floor),
                    "≥ 1 GB/s",
                    atLeast(rate, 1));
        }
        if (groups.contains("codec")) {
            double raw = get("CodecBenchmark.valenceRaw");
            double floor = get("CodecBenchmark.byteBufferFloor");
            row(
                    "Store + load 8 MB double[] (raw codec)",
                    String.format(
                            Locale.ROOT,
                            "%.2f ms (HDF5 1000×1000: %.2f ms; JSON: %.1f ms)",
                            raw,
                            get("CodecBenchmark.valenceHdf5Matrix"),
                            get("CodecBenchmark.jsonForComparison")),
                    String.format(Locale.ROOT, "%.2f ms (ByteBuffer copy)", floor),
                    ratio(raw / floor),
                    "—",
                    "measured");
        }
        if (groups.contains("memory")) {
            double dispatched = Double.parseDouble(memory.getOrDefault("valence.dispatched.bytesPerNode", "NaN"));
            row(
                    "Heap per node, 1M chain built + dispatched (in-memory store)",
                    String.format(
                            Locale.ROOT,
                            "%.0f B/node (graph alone %s B; dispatch %s s)",
                            dispatched,
                            memory.get("valence.graph.bytesPerNode"),
                            memory.get("dispatch.seconds")),
                    memory.get("completableFuture.graph.bytesPerNode") + " B/node (built, pending)",
                    ratio(dispatched
                            / Double.parseDouble(memory.getOrDefault("completableFuture.graph.bytesPerNode", "NaN"))),
                    "≤ 1 KB/node",
                    atMost(dispatched, 1024, " B"));
        }
        if (groups.contains("peers")) {
            peerRows();
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%s, %s %s, %d cores, suite %d min %02d s; medians of measured iterations; CF = hand-written"
                        + " CompletableFuture graph on %d threads%n%n",
                LocalDate.now(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                Runtime.getRuntime().availableProcessors(),
                seconds / 60,
                seconds % 60,
                Stores.THREADS));
        out.append("| benchmark | Valence | CompletableFuture / floor | ratio | target | met? |\n");
        out.append("|---|---|---|---|---|---|\n");
        rows.forEach(row -> out.append(row).append('\n'));
        return out.toString();
    }

    private void peerRows() {
        if (dask.isEmpty()) {
            row(
                    "Peers: Dask threaded scheduler",
                    "—",
                    "not measured: no Debian python3 with python3-dask",
                    "—",
                    "≥ 20× faster per node",
                    "not measured");
            return;
        }
        for (String shape : List.of("chain", "fanout")) {
            double valence = get("SchedulingBenchmark.valence " + shape + " memory");
            double peer = dask.get().millisByShape().getOrDefault(shape, Double.NaN);
            double faster = peer / valence;
            row(
                    "Peers: 10k " + shape + ", in-memory, vs Dask " + dask.get().version() + " threaded ("
                            + Stores.THREADS + " threads)",
                    perNode(valence),
                    perNode(peer) + " (Dask)",
                    String.format(Locale.ROOT, "%.1f× faster", faster),
                    "≥ 20× faster per node",
                    atLeast(faster, 20));
        }
    }

    private double get(String key) {
        Double value = medians.get(key);
        if (value == null) {
            throw new IllegalStateException("no result for " + key + "; have " + medians.keySet());
        }
        return value;
    }

    private void row(String... cells) {
        rows.add("| " + String.join(" | ", cells) + " |");
    }

    private static String mode(String store) {
        switch (store) {
            case "sqlite":
                return "default (each node)";
            case "sqlite-periodic":
                return "every 50 ms";
            default:
                return "end of dispatch";
        }
    }

    private static String perNode(double millisPerGraph) {
        return String.format(Locale.ROOT, "%.1f ms = %.2f µs/node", millisPerGraph, millisPerGraph * 1000 / NODES);
    }

    private static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String atMost(double value, double limit, String unit) {
        return value <= limit
                ? "met"
                : String.format(
                        Locale.ROOT,
                        "**missed** by %s (%.2f%s vs %.2f%s)",
                        by(value / limit),
                        value,
                        unit,
                        limit,
                        unit);
    }

    private static String atLeast(double value, double limit) {
        return value >= limit
                ? "met"
                : String.format(Locale.ROOT, "**missed** by %s (%,.2f vs %,.2f)", by(limit / value), value, limit);
    }

    /** A miss as a factor, or as a percentage when small. */
    private static String by(double factor) {
        return factor < 1.5
                ? String.format(Locale.ROOT, "%.0f %%", (factor - 1) * 100)
                : String.format(Locale.ROOT, "%.1f×", factor);
    }
}
