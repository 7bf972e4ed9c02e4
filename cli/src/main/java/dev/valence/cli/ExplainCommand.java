package dev.valence.cli;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Explanation;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code valence explain ID NODE}: why a node ran or was reused, with its cache key's parts. */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Explains why a node ran or was reused, with the parts of its cache key.",
            "With --against, says which part differs from the node of the same name in another dispatch:"
                    + " how to debug a cache miss."
        })
public final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "ID", description = "the dispatch's id")
    String id;

    @Parameters(index = "1", paramLabel = "NODE", description = "the node's name (task1, task1#2)")
    String node;

    @Option(names = "--against", paramLabel = "ID", description = "compare with this (earlier) dispatch")
    String against;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    /** Made by picocli. */
    public ExplainCommand() {}

    @Override
    public Integer call() {
        try (StoreAccess store = StoreAccess.readOnly(common.location())) {
            // Checked here so that an unknown id or node exits 3; the API reports both as a ValenceException.
            requireNode(store.dispatch(id));
            if (against != null) {
                requireNode(store.dispatch(against));
            }
            Explanation explanation = against == null
                    ? store.valence().explain(id, node)
                    : store.valence().explain(id, node, against);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, document(explanation));
            } else {
                out.print(explanation);
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    private void requireNode(DispatchResult<Object> result) {
        if (result.nodes().stream().noneMatch(candidate -> candidate.name().equals(node))) {
            throw CliException.of(
                    ExitCodes.NOT_FOUND,
                    "dispatch " + result.id() + " has no node named '" + node + "'; its nodes are listed by"
                            + " 'valence show " + result.id() + " --all'");
        }
    }

    private static Map<String, Object> document(Explanation explanation) {
        Map<String, Object> document = Json.object();
        document.put("dispatch", explanation.dispatchId());
        document.put("node", explanation.node());
        document.put("status", explanation.status().name());
        document.put("reason", explanation.reason());
        document.put("cacheKey", explanation.cacheKey());
        document.put("electronId", explanation.electronId());
        document.put("codeFingerprint", explanation.codeFingerprint());
        document.put("version", explanation.version());
        List<Map<String, Object>> arguments = explanation.arguments().stream()
                .map(argument -> {
                    Map<String, Object> entry = Json.object();
                    entry.put("position", argument.position());
                    entry.put("from", argument.from());
                    entry.put("fingerprint", argument.fingerprint());
                    return entry;
                })
                .toList();
        document.put("arguments", arguments);
        document.put("reusedFrom", explanation.reusedFrom().orElse(null));
        document.put("comparedWith", explanation.comparedWith());
        document.put("differences", explanation.differences());
        return document;
    }
}
