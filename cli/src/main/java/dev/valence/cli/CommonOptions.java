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
            paramLabel = "DIR|URL",
            description = "the store: its folder (default: ${DEFAULT-VALUE}), or a URL of a store module on the"
                    + " class path, such as jdbc:postgresql://host:5432/database?user=...&password=...",
            defaultValue = ".valence")
    String store;

    /** Read by {@link Main} from the arguments before parsing, so that even parse failures honour it. */
    @Option(names = "--debug", description = "print the stack trace of a failure")
    boolean debug;

    /** @return the store as given: a folder or a URL */
    public String location() {
        return store;
    }

    /** @return the store as a folder, for the commands that take only folders */
    public Path store() {
        return Path.of(store);
    }
}
