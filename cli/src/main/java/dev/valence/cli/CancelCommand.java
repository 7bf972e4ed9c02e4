package dev.valence.cli;

import dev.valence.runtime.OutputCapture;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code valence cancel ID}: asks the process running a dispatch to cancel it. */
@Command(
        name = "cancel",
        mixinStandardHelpOptions = true,
        description = {
            "Cancels a running dispatch, also one running in another process: that process notices within"
                    + " about a second.",
            "Exits 1 when the dispatch had already ended."
        })
public final class CancelCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "ID", description = "the dispatch's id")
    String id;

    /** Made by picocli. */
    public CancelCommand() {}

    @Override
    public Integer call() {
        // Writable: a cancel of another process's dispatch is a request row in the store.
        try (StoreAccess store =
                StoreAccess.writable(common.location(), ClasspathOption.class.getClassLoader(), OutputCapture.OFF)) {
            store.dispatch(id); // an unknown id exits 3, before the API's generic failure
            PrintWriter out = spec.commandLine().getOut();
            if (store.valence().cancel(id)) {
                out.println("asked dispatch " + id + " to cancel; its process ends it within about a second");
                out.flush();
                return ExitCodes.OK;
            }
            throw CliException.of(
                    ExitCodes.FAILED,
                    "dispatch " + id + " is not running: it ended "
                            + store.dispatch(id).status() + "; nothing to cancel");
        }
    }
}
