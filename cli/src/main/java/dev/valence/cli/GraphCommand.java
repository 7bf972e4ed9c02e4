package dev.valence.cli;

import dev.valence.runtime.DispatchResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code valence graph ID}: the dispatch's graph with each node's status, as DOT, Mermaid or JSON. */
@Command(
        name = "graph",
        mixinStandardHelpOptions = true,
        description = "Prints a dispatch's graph: its nodes with their status and the edges from each argument.")
public final class GraphCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "ID", description = "the dispatch's id")
    String id;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "dot",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    GraphFormat format;

    /** Made by picocli. */
    public GraphCommand() {}

    @Override
    public Integer call() {
        try (StoreAccess store = StoreAccess.readOnly(common.location())) {
            DispatchResult<Object> result = store.dispatch(id);
            // The API's node results do not carry their arguments: the edges come from the stored records.
            GraphRenderer renderer = new GraphRenderer(id, store.nodes(id));
            PrintWriter out = spec.commandLine().getOut();
            if (format == GraphFormat.JSON) {
                Json.print(out, renderer.document(result));
            } else {
                out.print(renderer.render(format));
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
