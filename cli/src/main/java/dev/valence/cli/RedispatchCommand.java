package dev.valence.cli;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.OutputCapture;
import dev.valence.runtime.ValenceException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code valence redispatch ID --classpath PATHS}: re-runs a stored dispatch with its stored
 * inputs in this process, reusing what the store holds, and waits for its end.
 */
@Command(
        name = "redispatch",
        mixinStandardHelpOptions = true,
        description = {
            "Re-runs a stored dispatch with its stored inputs, reusing every stored result that matches, and"
                    + " waits for its end.",
            "The lattice's classes (its generated catalog) must be on --classpath. Exits 1 when the new"
                    + " dispatch did not complete."
        })
public final class RedispatchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ClasspathOption classpath;

    @Parameters(index = "0", paramLabel = "ID", description = "the stored dispatch's id")
    String id;

    @Option(names = "--json", description = "print the new dispatch as JSON, as 'valence show --json' does")
    boolean json;

    /** Made by picocli. */
    public RedispatchCommand() {}

    private Dispatch<Object> start(StoreAccess store) {
        try {
            return store.valence().redispatch(id).start();
        } catch (ValenceException e) {
            // Most often the lattice's generated classes are not on the class path: say what to pass.
            throw CliException.of(
                    ExitCodes.FAILED,
                    Main.oneLine(e.getMessage()) + "; pass --classpath with the jars or class folders of the"
                            + " lattice's code",
                    e);
        }
    }

    /**
     * Waits for the dispatch's end. Ctrl-C ends the JVM without leaving the try block, so a shutdown
     * hook closes the instance, which cancels the dispatch and records its end: the store never
     * keeps a dispatch of this process as running (it would read as interrupted).
     */
    private static DispatchResult<Object> awaitClosingOnInterrupt(StoreAccess store, Dispatch<Object> dispatch) {
        Thread hook = new Thread(store::close, "valence-redispatch-close");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return dispatch.await();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook runs already: it closes the instance.
            }
        }
    }

    @Override
    public Integer call() {
        ClassLoader loader = classpath.loader();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // Codecs and the electrons' own code may look classes up through the context loader.
        thread.setContextClassLoader(loader);
        try (StoreAccess store = StoreAccess.writable(common.location(), loader, OutputCapture.CAPTURE_AND_PRINT)) {
            store.dispatch(id); // an unknown id exits 3
            DispatchResult<Object> result = awaitClosingOnInterrupt(store, start(store));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> document = DispatchView.document(result);
                Json.print(out, document);
            } else {
                out.println(result.id() + " " + result.status()
                        + result.error()
                                .map(error -> ": " + Main.oneLine(error))
                                .orElse(""));
                out.flush();
            }
            return result.status() == DispatchStatus.COMPLETED ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
