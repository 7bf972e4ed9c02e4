package dev.valence.examples;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchSummary;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.Valence;
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
    }

    private static String describe(List<NodeResult> nodes) {
        return nodes.stream()
                .map(node -> node.name() + " " + node.status())
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
