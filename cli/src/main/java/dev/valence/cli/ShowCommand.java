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

/** {@code valence show ID}: a dispatch and its node table, once or until it ends. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Shows a dispatch and its nodes: status, attempts, times, where a reused value came from, and why"
                    + " each node ran or was reused.",
            "With --follow, prints the table again whenever it changes until the dispatch ends, and exits 1"
                    + " if it did not complete."
        })
public final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "ID", description = "the dispatch's id")
    String id;

    @Option(names = "--json", description = "print JSON (with --follow, one JSON document per line for each change)")
    boolean json;

    @Option(names = "--follow", description = "poll the store every 500 ms until the dispatch ends")
    boolean follow;

    @Option(names = "--all", description = "list inputs and constants too")
    boolean all;

    /** Made by picocli. */
    public ShowCommand() {}

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (follow) {
            return new Follower(common.location(), id, json, all, out).run();
        }
        try (StoreAccess store = StoreAccess.readOnly(common.location())) {
            DispatchResult<Object> result = store.dispatch(id);
            if (json) {
                Json.print(out, DispatchView.document(result));
            } else {
                out.print(DispatchView.text(result, all));
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
