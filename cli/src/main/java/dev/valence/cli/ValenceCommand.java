package dev.valence.cli;

import picocli.CommandLine.Command;

/**
 * The top-level {@code valence} command: only a list of subcommands. A new command of this module
 * is one class added to the {@code subcommands} of the annotation here; one of another module (a
 * dashboard's {@code valence ui}) is a {@link ValenceSubcommand} service, found at start.
 */
@Command(
        name = "valence",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Reads and steers the dispatches of a Valence store.",
        subcommands = {
            ListCommand.class,
            ShowCommand.class,
            GraphCommand.class,
            ExplainCommand.class,
            LogsCommand.class,
            CancelCommand.class,
            DeleteCommand.class,
            PruneCommand.class,
            VacuumCommand.class,
            SizeCommand.class,
            RedispatchCommand.class,
            UiCommand.class,
            WorkerCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 ok; 1 the dispatch did not complete, or cancel found it ended; 2 usage error;",
            "3 no such dispatch or node; 4 the store cannot be used; 5 refused while a dispatch runs."
        })
public final class ValenceCommand {
    /** Made by picocli. */
    public ValenceCommand() {}
}
