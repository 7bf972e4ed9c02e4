package dev.valence.runtime.command;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one {@link Command#run()} runs, copied from the builder when the run starts, so that {@link
 * CommandProcess} depends on these values and not on the builder's fields.
 *
 * @param commandLine the program, as written, followed by its arguments
 * @param environment every variable the program sees, inherited and declared
 * @param inputs the input files by their names inside the working folder, in declaration order
 * @param outputs the declared outputs and globs
 * @param successExitCodes the exit codes that count as success
 * @param timeout the limit on the program's run, or {@code null} for none
 * @param workParent the folder to create the run's folder in, or {@code null} for the system's
 *     temporary folder
 * @param stdin the program's standard input
 */
record CommandSpec(
        List<String> commandLine,
        Map<String, String> environment,
        Map<String, InputFile> inputs,
        OutputCollector outputs,
        int[] successExitCodes,
        Duration timeout,
        Path workParent,
        String stdin) {

    /** @return whether an exit code counts as success */
    boolean succeeded(int exitCode) {
        return Arrays.stream(successExitCodes).anyMatch(code -> code == exitCode);
    }

    /** @return the command as error messages name it, its line cut at 200 characters */
    String describe() {
        String line = String.join(" ", commandLine);
        return "the command '" + (line.length() > 200 ? line.substring(0, 200) + "..." : line) + "'";
    }
}
