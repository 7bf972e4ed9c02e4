package dev.valence.runtime.command;

import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@link Command}: makes the run's folder, places the inputs, starts the program with its
 * output redirected to files, waits for it (killing its process tree on a timeout or an interrupt),
 * checks the exit code, collects the outputs and hands them over in a {@link CommandResult}.
 *
 * <p>The run's folder holds {@code work/} (the program's working folder), {@code stdin} and, once
 * the program ends, the captured files under their hashes. On success only the captured files
 * stay, owned by the result; on any failure the whole folder goes.
 */
final class CommandProcess {
    /** Less free space than this on a failed program's disk is named in its failure. */
    private static final long FULL_DISK_BYTES = 64 * 1024;

    private static final int STDERR_TAIL_LINES = 20;
    private static final int STDERR_TAIL_BYTES = 4096;

    private final CommandSpec spec;
    private final String description;

    CommandProcess(CommandSpec spec) {
        this.spec = spec;
        this.description = spec.describe();
    }

    /** See {@link Command#run()}. */
    CommandResult run() {
        Path root = createRoot();
        boolean succeeded = false;
        try {
            Path work = Files.createDirectory(root.resolve("work"));
            List<String> line = new ArrayList<>(spec.commandLine());
            line.set(0, ProgramLocator.resolve(line.get(0), spec.environment(), work));
            InputFile.placeAll(spec.inputs(), work, description);
            Path stdinFile = Files.writeString(root.resolve("stdin"), spec.stdin());
            Path stdoutFile = root.resolve("stdout");
            Path stderrFile = root.resolve("stderr");
            // Redirected by the operating system: nothing of the output passes through this heap.
            ProcessBuilder builder = new ProcessBuilder(line)
                    .directory(work.toFile())
                    .redirectInput(stdinFile.toFile())
                    .redirectOutput(stdoutFile.toFile())
                    .redirectError(stderrFile.toFile());
            builder.environment().clear();
            builder.environment().putAll(spec.environment());
            long started = System.nanoTime();
            Process process = start(builder);
            int exitCode = await(process, stderrFile);
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            if (!spec.succeeded(exitCode)) {
                throw new CommandException(
                        CommandException.Reason.FAILED,
                        description + " exited with code " + exitCode + " (success: "
                                + Arrays.toString(spec.successExitCodes()) + ")" + fullDisk(root)
                                + "; end of stderr:\n" + stderrTail(stderrFile),
                        exitCode,
                        null);
            }
            Map<String, Path> outputFiles = spec.outputs().collect(work, description);
            // Captured files are kept in the run's folder under their hashes, until the result is stored.
            CapturedFiles captured = new CapturedFiles(root);
            BlobRef stdoutRef = captured.keep(stdoutFile);
            BlobRef stderrRef = captured.keep(stderrFile);
            Map<String, BlobRef> outputRefs = captured.keepAll(outputFiles);
            CommandResult result =
                    CommandResult.pending(exitCode, duration, stdoutRef, stderrRef, outputRefs, captured.folder());
            succeeded = true;
            return result;
        } catch (IOException e) {
            throw new CommandException(CommandException.Reason.IO_ERROR, description + ": " + e.getMessage(), null, e);
        } finally {
            if (succeeded) {
                // The captured files now belong to the result; only the rest of the run goes.
                FileTree.deleteTree(root.resolve("work"));
                FileTree.deleteQuietly(root.resolve("stdin"));
            } else {
                FileTree.deleteTree(root);
            }
        }
    }

    private Path createRoot() {
        try {
            if (spec.workParent() == null) {
                // Inside the store of the running electron, so that a killed run leaves nothing in /tmp.
                Optional<Path> scratch = Scratch.folder();
                return scratch.isPresent()
                        ? Files.createTempDirectory(scratch.get(), "valence-command-")
                        : Files.createTempDirectory("valence-command-");
            }
            Files.createDirectories(spec.workParent());
            return Files.createTempDirectory(spec.workParent(), "valence-command-");
        } catch (IOException e) {
            throw new CommandException(
                    CommandException.Reason.START_FAILED,
                    "cannot create a working folder for " + description + ": " + e.getMessage(),
                    null,
                    e);
        }
    }

    private Process start(ProcessBuilder builder) {
        try {
            return builder.start();
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            // ENOENT, EACCES: the program (or the interpreter its first line names) is missing or not
            // runnable; on Windows, which leaves the lookup to the operating system, a missing program shows here.
            if (message.contains("error=2,") || message.contains("error=13,")) {
                throw new CommandException(
                        CommandException.Reason.PROGRAM_NOT_FOUND,
                        "cannot run the program '" + spec.commandLine().get(0) + "' (PATH="
                                + spec.environment().getOrDefault("PATH", "") + "): " + message,
                        null,
                        e);
            }
            throw new CommandException(
                    CommandException.Reason.START_FAILED, "cannot start " + description + ": " + message, null, e);
        }
    }

    /** Waits for the process; kills its tree on timeout or interrupt. */
    private int await(Process process, Path stderrFile) {
        Duration timeout = spec.timeout();
        try {
            if (timeout == null) {
                return process.waitFor();
            }
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return process.exitValue();
            }
            ProcessTree.kill(process);
            throw new CommandException(
                    CommandException.Reason.TIMED_OUT,
                    description + " exceeded its timeout of " + timeout + " and was killed with its child processes;"
                            + " end of stderr:\n" + stderrTail(stderrFile),
                    null,
                    null);
        } catch (InterruptedException e) {
            ProcessTree.kill(process);
            // The interrupt is the caller's (an electron's timeout, a pool shutting down): keep it for them.
            Thread.currentThread().interrupt();
            throw new CommandException(
                    CommandException.Reason.INTERRUPTED,
                    description + " was interrupted (the electron's timeout or a cancellation) and killed with its"
                            + " child processes",
                    null,
                    e);
        }
    }

    /**
     * A program that fails on a full disk often cannot even write why (its stderr is on the same
     * disk): say it, when the disk holding its folder has almost nothing left.
     */
    private static String fullDisk(Path folder) {
        try {
            long free = Files.getFileStore(folder).getUsableSpace();
            return free < FULL_DISK_BYTES
                    ? "; the disk holding " + folder + " is full (" + free + " bytes free): free space and redispatch"
                    : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String stderrTail(Path stderrFile) {
        return FileTree.tail(stderrFile, STDERR_TAIL_LINES, STDERR_TAIL_BYTES);
    }
}
