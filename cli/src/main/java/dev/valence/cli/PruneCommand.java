package dev.valence.cli;

import dev.valence.runtime.OutputCapture;
import dev.valence.runtime.Pruned;
import dev.valence.runtime.ValenceException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code valence prune}: deletes the values and blobs no dispatch refers to any more. */
@Command(
        name = "prune",
        mixinStandardHelpOptions = true,
        description = {
            "Deletes the stored values no dispatch refers to (after 'valence delete') and the blobs no value"
                    + " refers to.",
            "Refused while a dispatch runs or another process uses the store."
        })
public final class PruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    /** Made by picocli. */
    public PruneCommand() {}

    @Override
    public Integer call() {
        try (StoreAccess store =
                StoreAccess.writable(common.location(), ClasspathOption.class.getClassLoader(), OutputCapture.OFF)) {
            Pruned pruned;
            try {
                pruned = store.valence().prune();
            } catch (ValenceException e) {
                // The API refuses while another process uses the store; that is a running dispatch or an
                // open program, which the user ends before pruning.
                throw CliException.of(
                        ExitCodes.RUNNING,
                        Main.oneLine(e.getMessage()) + "; end the other programs using " + store.location()
                                + " and prune again",
                        e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> document = Json.object();
                document.put("values", pruned.values());
                document.put("valueBytes", pruned.valueBytes());
                document.put("blobs", pruned.blobs());
                document.put("blobBytes", pruned.blobBytes());
                Json.print(out, document);
            } else {
                out.println("pruned " + pruned.values() + " values (" + Text.bytes(pruned.valueBytes()) + ") and "
                        + pruned.blobs() + " blobs (" + Text.bytes(pruned.blobBytes()) + ")");
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
