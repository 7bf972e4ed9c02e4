package dev.valence.cli;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.DispatchSummary;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code valence list}: the stored dispatches, oldest first, optionally filtered. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the stored dispatches, oldest first.")
public final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(
            names = "--status",
            paramLabel = "STATUS",
            description = "only dispatches with this status: ${COMPLETION-CANDIDATES}")
    DispatchStatus status;

    @Option(names = "--lattice", paramLabel = "NAME", description = "only dispatches of this lattice (its name or id)")
    String lattice;

    @Option(
            names = "--since",
            paramLabel = "TIME",
            converter = TimeConverter.class,
            description = "only dispatches made at or after this ISO instant or date (UTC)")
    Instant since;

    @Option(
            names = "--before",
            paramLabel = "TIME",
            converter = TimeConverter.class,
            description = "only dispatches made before this ISO instant or date (UTC)")
    Instant before;

    @Option(names = "--json", description = "print a JSON array")
    boolean json;

    /** Made by picocli. */
    public ListCommand() {}

    @Override
    public Integer call() {
        try (StoreAccess store = StoreAccess.readOnly(common.location())) {
            List<DispatchSummary> chosen = new ArrayList<>();
            for (DispatchSummary summary : store.valence().dispatches()) {
                if (matches(summary)) {
                    chosen.add(summary);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, chosen.stream().map(ListCommand::document).toList());
            } else if (chosen.isEmpty()) {
                out.println("no dispatches" + (filtered() ? " match" : " in " + store.location()));
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (DispatchSummary summary : chosen) {
                    rows.add(List.of(
                            summary.id(),
                            summary.lattice(),
                            summary.status().name(),
                            Text.time(summary.createdAt()),
                            Text.time(summary.endedAt()),
                            summary.redispatchOfId().orElse("-")));
                }
                out.print(Text.table(List.of("ID", "LATTICE", "STATUS", "CREATED", "ENDED", "REDISPATCH OF"), rows));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private boolean filtered() {
        return status != null || lattice != null || since != null || before != null;
    }

    private boolean matches(DispatchSummary summary) {
        return (status == null || summary.status() == status)
                && (lattice == null || lattice.equals(summary.lattice()) || lattice.equals(summary.latticeId()))
                && (since == null || !summary.createdAt().isBefore(since))
                && (before == null || summary.createdAt().isBefore(before));
    }

    static Map<String, Object> document(DispatchSummary summary) {
        Map<String, Object> document = Json.object();
        document.put("id", summary.id());
        document.put("lattice", summary.lattice());
        document.put("latticeId", summary.latticeId());
        document.put("status", summary.status().name());
        document.put("createdAt", Json.time(summary.createdAt()));
        document.put("endedAt", Json.time(summary.endedAt()));
        document.put("redispatchOf", summary.redispatchOf());
        return document;
    }
}
