package dev.valence.cli;

import dev.valence.runtime.ValenceException;
import dev.valence.runtime.spi.store.StoreException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code valence} command's entry point: runs one command and exits with one of {@link
 * ExitCodes}. Every failure is one line on stderr, {@code valence: <cause>; <fix>}; {@code --debug}
 * adds the stack trace.
 */
public final class Main {
    private Main() {}

    /**
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /**
     * Runs a command line without exiting, for embedding.
     *
     * @param args the command line
     * @return the exit code, one of {@link ExitCodes}
     */
    public static int run(String... args) {
        return run(commandLine(), args);
    }

    /**
     * Runs a command line, with the exit codes and one-line errors of {@code valence}.
     *
     * @param commandLine from {@link #commandLine()}, perhaps with more subcommands
     * @param args the command line
     * @return the exit code, one of {@link ExitCodes}
     */
    public static int run(CommandLine commandLine, String... args) {
        // Read before parsing: a usage error must honour --debug too.
        boolean debug = Arrays.asList(args).contains("--debug");
        commandLine.setParameterExceptionHandler((ParameterException e, String[] ignored) -> {
            CommandLine failed = e.getCommandLine();
            PrintWriter err = failed.getErr();
            err.println("valence: " + oneLine(e.getMessage()) + "; see '"
                    + failed.getCommandSpec().qualifiedName() + " --help'");
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((Exception e, CommandLine failed, ParseResult parsed) -> {
            PrintWriter err = failed.getErr();
            err.println("valence: " + describe(e));
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return exitCode(e);
        });
        return commandLine.execute(args);
    }

    /**
     * The command line with every command: the built-in ones and each {@link ValenceSubcommand} on
     * the class path.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new ValenceCommand());
        for (ValenceSubcommand extra : ServiceLoader.load(ValenceSubcommand.class, Main.class.getClassLoader())) {
            commandLine.addSubcommand(extra);
        }
        // After adding: these settings apply to the subcommands present when they are set.
        return commandLine.setCaseInsensitiveEnumValuesAllowed(true).setExitCodeExceptionMapper(Main::exitCode);
    }

    private static int exitCode(Throwable e) {
        if (e instanceof CliException cli) {
            return cli.exitCode();
        }
        if (e instanceof StoreException) {
            return ExitCodes.STORE;
        }
        if (e instanceof NoSuchElementException) {
            return ExitCodes.NOT_FOUND;
        }
        return ExitCodes.FAILED;
    }

    private static String describe(Exception e) {
        if (e instanceof CliException
                || e instanceof ValenceException
                || e instanceof StoreException
                || e instanceof NoSuchElementException) {
            return oneLine(e.getMessage());
        }
        // Not one of ours: name the type, which is the only clue, and how to see more.
        return oneLine(e.getClass().getName() + ": " + e.getMessage()) + "; rerun with --debug for the stack trace";
    }

    /** Joins a multi-line message: scripts and users read the first line of stderr. */
    static String oneLine(String message) {
        return message == null ? "(no message)" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }
}
