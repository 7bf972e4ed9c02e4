package dev.valence.examples;

import dev.valence.progress.ConsoleProgress;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchSummary;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.command.CommandResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs the examples on the embedded store: {@code ./.valence}, or the folder given as the first
 * argument. Run it twice: the second run finds the first run's dispatches and reuses their results.
 */
public final class Main {
    private Main() {}

    /**
     * @param args optionally the store folder
     */
    public static void main(String[] args) {
        Path folder = args.length > 0 ? Path.of(args[0]) : Valence.DEFAULT_FOLDER;
        PrintStream out = System.out;
        try (Valence valence = Valence.open(folder)) {
            List<DispatchSummary> earlier = valence.dispatches();
            out.println("Valence re-execution tutorial, store " + folder);
            out.println("Earlier dispatches in this store: " + earlier.size());
            for (DispatchSummary summary : earlier) {
                out.println("  " + summary.id() + "  " + summary.lattice() + "  " + summary.status()
                        + summary.redispatchOfId()
                                .map(id -> "  (redispatch of " + id + ")")
                                .orElse(""));
            }
            if (!earlier.isEmpty()) {
                // A new process rebuilds a stored dispatch's graph from its stored inputs and reuses its results.
                String oldest = earlier.get(0).id();
                DispatchResult<Object> again =
                        valence.redispatch(oldest).start().await();
                out.println("Redispatch of " + oldest + " with its stored inputs -> " + again.value() + "  "
                        + describe(again.electronNodes()));
            }
            out.println();
            int number = 1;
            for (ReexecutionTutorial.Step step : new ReexecutionTutorial(valence).run()) {
                out.printf(
                        "%d. %-58s -> %-5s  %s%n",
                        number++,
                        step.title(),
                        step.result().value(),
                        describe(step.result().electronNodes()));
            }
        }
        runParameterSweep(folder.resolve("parameter-sweep"), out);
        runCommandSweep(folder.resolve("compression-sweep"), out);
        runSpectra(folder.resolve("spectra"), out);
        out.println();
        out.println("Browse the tutorial's dispatches in the dashboard (build the command line once with"
                + " ./mvnw -q -B -DskipTests -pl cli -am package):");
        out.println("   cli/valence ui --store " + folder + "      # then open http://127.0.0.1:8080/");
    }

    /**
     * Numeric values: maps of arrays and matrices are stored as HDF5, arrays as raw doubles, the
     * record as JSON; each readable without Valence.
     */
    private static void runSpectra(Path folder, PrintStream out) {
        out.println();
        out.println("Spectra: numeric results stored as HDF5, raw doubles and JSON, store " + folder);
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Spectra.Peak> result =
                    valence.dispatch(SpectraLattices.analyse(12.5, 64)).await();
            out.println("peak " + result.value() + "  " + describe(result.electronNodes()));
            String measured = result.node("measure").valueFingerprint().orElseThrow();
            Path database = folder.resolve("valence.db");
            out.println("   sqlite3 " + database + " \"SELECT codec, type FROM stored_values\"");
            out.println("   sqlite3 " + database + " \"SELECT writefile('measure.h5', data) FROM stored_values WHERE"
                    + " fingerprint = '" + measured + "'\" && h5dump -d /counts measure.h5");
        }
    }

    /**
     * The lattice language: a loop fans out one simulation per grid point, and the second round is
     * a dynamic sublattice built from the first round's best point. On a store of its own, so the
     * tutorial's listing above stays as it is.
     */
    private static void runParameterSweep(Path folder, PrintStream out) {
        out.println();
        out.println("Parameter sweep: coarse grid, then a finer grid around its best point, store " + folder);
        // Progress on standard error: a bar on a terminal, a plain line every few seconds in CI.
        try (Valence valence = Valence.builder()
                .folder(folder)
                .listener(ConsoleProgress.toStandardError())
                .open()) {
            DispatchResult<Double> result =
                    valence.dispatch(ParameterSweepLattices.sweep(0, 8, 5)).await();
            DispatchResult<Object> round2 = result.sublattice("refine");
            out.printf(
                    "best x = %s; round 1 %s; round 2 (dispatch %s) %s%n",
                    result.value(), summarize(result.electronNodes()), round2.id(), summarize(round2.electronNodes()));
        }
    }

    private static String summarize(List<NodeResult> nodes) {
        long reused = nodes.stream().filter(NodeResult::wasReused).count();
        return nodes.size() + " nodes, " + (nodes.size() - reused) + " ran, " + reused + " reused";
    }

    /**
     * Commands as electrons: a gzip sweep on a store of its own (inside the main one), so the
     * tutorial's listing above stays as it is.
     */
    private static void runCommandSweep(Path folder, PrintStream out) {
        out.println();
        out.println("Commands as electrons: gzip sweep over one generated file, store " + folder);
        try (Valence valence = Valence.builder()
                .folder(folder)
                .listener(ConsoleProgress.toStandardError())
                .open()) {
            char label = 'A';
            List<CommandSweepDemo.Sweep> sweeps = new CommandSweepDemo(valence).run();
            for (CommandSweepDemo.Sweep sweep : sweeps) {
                out.printf(
                        "%c. %-34s -> gzip jobs ran: %d, reused: %d%n",
                        label++,
                        sweep.title(),
                        sweep.jobsWith(NodeStatus.COMPLETED),
                        sweep.jobsWith(NodeStatus.REUSED));
                sweep.result().value().lines().forEach(line -> out.println("   " + line));
            }
            // Stored results are read back from the store, here and from any later process.
            CommandSweepDemo.Sweep last = sweeps.get(sweeps.size() - 1);
            CommandResult job = last.result().node("compress[levelD]").value(CommandResult.class);
            Path saved =
                    job.saveOutputFile("data.txt.gz", folder.resolve("outputs").resolve("level8.txt.gz"));
            out.println("compress[levelD] of B from the store: stdout "
                    + job.stdout().strip().replace('\n', ' ') + "; data.txt.gz ("
                    + job.outputRef("data.txt.gz").size() + " bytes) saved to " + saved);
        }
    }

    private static String describe(List<NodeResult> nodes) {
        return nodes.stream()
                .map(node -> node.name() + " " + node.status())
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
