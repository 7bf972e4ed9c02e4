package dev.valence.cli;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.spi.store.CapturedOutput;
import dev.valence.runtime.spi.store.NodeRecord;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code valence logs ID [NODE]}: what Java electrons printed, as captured per node, and for a
 * node whose value is a {@link CommandResult}, the program's own output.
 */
@Command(
        name = "logs",
        mixinStandardHelpOptions = true,
        description = {
            "Prints what the electrons of a dispatch wrote to stdout and stderr (the captured end of each),"
                    + " and the output of commands they ran.",
            "A command's output is read from its stored value; a lattice made by generated code needs"
                    + " --classpath with its classes for that."
        })
public final class LogsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ClasspathOption classpath;

    @Parameters(index = "0", paramLabel = "ID", description = "the dispatch's id")
    String id;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "NODE",
            description = "only this node (default: every electron)")
    String node;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    /** Made by picocli. */
    public LogsCommand() {}

    @Override
    public Integer call() {
        try (StoreAccess store = StoreAccess.readOnly(common.location(), classpath.loader())) {
            DispatchResult<Object> result = store.dispatch(id);
            List<NodeLogs> logs = new ArrayList<>();
            if (node != null) {
                logs.add(read(store, result, node));
            } else {
                List<NodeRecord> records = store.nodes(id);
                for (NodeResult candidate : result.nodes()) {
                    if (candidate.kind() == NodeKind.ELECTRON) {
                        logs.add(NodeLogs.of(candidate, StoreAccess.record(records, candidate.index())));
                    }
                }
            }
            print(logs);
            return ExitCodes.OK;
        }
    }

    /** Reads a named node, which may be a path into a sublattice's child ({@code refine/simulate}). */
    private static NodeLogs read(StoreAccess store, DispatchResult<Object> result, String name) {
        DispatchResult<Object> owner = result;
        String leaf = name;
        int slash;
        while ((slash = leaf.indexOf('/')) > 0) {
            owner = owner.sublattice(leaf.substring(0, slash));
            leaf = leaf.substring(slash + 1);
        }
        NodeResult found = owner.node(leaf); // names the nodes that exist when there is none
        return NodeLogs.of(found, StoreAccess.record(store.nodes(owner.id()), found.index()));
    }

    private void print(List<NodeLogs> logs) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, logs.stream().map(NodeLogs::document).toList());
            return;
        }
        boolean any = false;
        for (NodeLogs log : logs) {
            any |= log.print(out);
        }
        if (!any) {
            out.println(
                    node != null
                            ? "node " + node + " printed nothing"
                            : "no electron of dispatch " + id + " printed anything");
        }
        out.flush();
    }

    /** One node's captured streams and, for a command, its output or why it cannot be read. */
    private record NodeLogs(String name, CapturedOutput captured, CommandResult command, String commandProblem) {
        static NodeLogs of(NodeResult node, NodeRecord record) {
            CapturedOutput captured = node.output().orElse(null);
            if (!CommandResult.class.getName().equals(record.type())
                    || !node.status().hasValue()) {
                return new NodeLogs(node.name(), captured, null, null);
            }
            try {
                return new NodeLogs(node.name(), captured, node.value(CommandResult.class), null);
            } catch (ValenceException e) {
                return new NodeLogs(node.name(), captured, null, Main.oneLine(e.getMessage()));
            }
        }

        boolean print(PrintWriter out) {
            boolean any = false;
            if (captured != null) {
                any |= section(out, "stdout", captured.stdout());
                any |= section(out, "stderr", captured.stderr());
            }
            if (command != null) {
                any |= section(out, "command stdout", command.stdout(), "");
                any |= section(out, "command stderr", command.stderr(), "");
            }
            if (commandProblem != null) {
                out.println("==> " + name + ": command output not readable here <==");
                out.println(commandProblem + " (pass --classpath with the lattice's jars)");
                any = true;
            }
            return any;
        }

        private boolean section(PrintWriter out, String stream, CapturedOutput.Stream captured) {
            String note = captured.truncated()
                    ? " (the last " + captured.text().length() + " characters of " + captured.bytes() + " bytes)"
                    : "";
            return section(out, stream, captured.text(), note);
        }

        private boolean section(PrintWriter out, String stream, String text, String note) {
            if (text.isEmpty()) {
                return false;
            }
            out.println("==> " + name + ": " + stream + note + " <==");
            out.print(text.endsWith("\n") ? text : text + "\n");
            return true;
        }

        Map<String, Object> document() {
            Map<String, Object> document = Json.object();
            document.put("node", name);
            document.put("stdout", captured == null ? "" : captured.stdout().text());
            document.put("stdoutBytes", captured == null ? 0 : captured.stdout().bytes());
            document.put(
                    "stdoutTruncated", captured != null && captured.stdout().truncated());
            document.put("stderr", captured == null ? "" : captured.stderr().text());
            document.put("stderrBytes", captured == null ? 0 : captured.stderr().bytes());
            document.put(
                    "stderrTruncated", captured != null && captured.stderr().truncated());
            if (command != null) {
                Map<String, Object> result = Json.object();
                result.put("exitCode", command.exitCode());
                result.put("stdout", command.stdout());
                result.put("stderr", command.stderr());
                document.put("command", result);
            } else if (commandProblem != null) {
                document.put("commandProblem", commandProblem);
            }
            return document;
        }
    }
}
