package dev.valence.runtime.command;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds a command's program before it starts: on the command's own {@code PATH}, not this
 * process's, since that is the one the program runs with; so that a missing program fails with a
 * message naming it and that {@code PATH} instead of the operating system's bare error.
 */
final class ProgramLocator {
    private ProgramLocator() {}

    /**
     * @param program the program as written: a bare name, or a path relative to {@code work}
     * @param env the environment the program runs with
     * @param work the working folder
     * @return the program to start: an absolute path for a name found on the {@code PATH}
     * @throws CommandException with {@link CommandException.Reason#PROGRAM_NOT_FOUND}
     */
    static String resolve(String program, Map<String, String> env, Path work) {
        if (program.contains("/") || program.contains(File.separator)) {
            Path path = work.resolve(program);
            if (!Files.isExecutable(path) && !ProcessEnvironment.WINDOWS) {
                throw notFound(program, env, "it is not an executable file");
            }
            return program;
        }
        String path = env.getOrDefault("PATH", "");
        for (String folder : path.split(File.pathSeparator)) {
            if (folder.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(folder).resolve(program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        if (ProcessEnvironment.WINDOWS) {
            // PATHEXT and shell built-ins: let the operating system look.
            return program;
        }
        throw notFound(program, env, "it is not on the PATH");
    }

    private static CommandException notFound(String program, Map<String, String> env, String why) {
        return new CommandException(
                CommandException.Reason.PROGRAM_NOT_FOUND,
                "cannot run the program '" + program + "': " + why + " (PATH=" + env.getOrDefault("PATH", "")
                        + "); install it, or declare the PATH with env(\"PATH\", ...)",
                null,
                null);
    }
}
