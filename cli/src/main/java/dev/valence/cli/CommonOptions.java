package dev.valence.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command takes, mixed into each one so that they may follow the command's name
 * ({@code valence list --store runs}), where users type them.
 */
public final class CommonOptions {
    @Option(
            names = "--store",
            paramLabel = "DIR",
            description = "the store's folder (default: ${DEFAULT-VALUE})",
            defaultValue = ".valence")
    Path store;

    /** Read by {@link Main} from the arguments before parsing, so that even parse failures honour it. */
    @Option(names = "--debug", description = "print the stack trace of a failure")
    boolean debug;

    /** @return the store folder */
    public Path store() {
        return store;
    }
}
