package dev.valence.cli;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.OutputCapture;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code valence delete ID}: deletes a stored dispatch that has ended. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = {
            "Deletes a dispatch that has ended: its nodes, its sublattices' dispatches and its entries in the"
                    + " key index, so later dispatches no longer reuse its results.",
            "Its values stay until 'valence prune'."
        })
public final class DeleteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "ID", description = "the dispatch's id")
    String id;

    /** Made by picocli. */
    public DeleteCommand() {}

    @Override
    public Integer call() {
        try (StoreAccess store =
                StoreAccess.writable(common.location(), ClasspathOption.class.getClassLoader(), OutputCapture.OFF)) {
            DispatchResult<Object> result = store.dispatch(id);
            // The API refuses only a dispatch running in its own instance; one running in another process
            // is refused here, by its stored status (a dead process's dispatch reads INTERRUPTED).
            if (result.status() == DispatchStatus.RUNNING) {
                throw CliException.of(
                        ExitCodes.RUNNING,
                        "dispatch " + id + " is running; cancel it with 'valence cancel " + id
                                + "' and delete it once it has ended");
            }
            store.valence().deleteDispatch(id);
            PrintWriter out = spec.commandLine().getOut();
            out.println("deleted dispatch " + id + "; 'valence prune' frees the values no dispatch uses any more");
            out.flush();
            return ExitCodes.OK;
        }
    }
}
