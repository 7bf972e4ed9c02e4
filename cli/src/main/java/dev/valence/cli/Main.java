package dev.valence.cli;

import dev.valence.runtime.ValenceException;
import dev.valence.runtime.spi.store.StoreException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.NoSuchElementException;
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
        // Read before parsing: a usage error must honour --debug too.
        boolean debug = Arrays.asList(args).contains("--debug");
        CommandLine commandLine = commandLine();
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
     * The command line with every command, for adding one from another module.
     *
     * @return a new command line
     */
    public static CommandLine commandLine() {
        return new CommandLine(new ValenceCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExitCodeExceptionMapper(Main::exitCode);
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
