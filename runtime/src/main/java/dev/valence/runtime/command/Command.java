package dev.valence.runtime.command;

import dev.valence.runtime.spi.store.BlobRef;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An external program to run from an electron: its command line, environment, input files and
 * declared outputs. {@link #run()} runs it in a fresh working folder and returns a {@link
 * CommandResult} holding its exit code, stdout, stderr and output files; return that from the
 * electron and Valence stores the files in its blob area.
 *
 * <pre>{@code
 * @Electron(timeout = "PT5M")
 * public static CommandResult compress(int level, Path data) {
 *     return Command.of("sh", "job.sh")
 *             .inputFile("data.txt", data)                          // large file, by reference
 *             .inputText("job.sh", "gzip -c -$LEVEL data.txt > data.txt.gz\n") // small file from a string
 *             .env("LEVEL", String.valueOf(level))                  // declared environment
 *             .captureOutput("data.txt.gz")                         // declared output
 *             .timeout(Duration.ofMinutes(5))
 *             .run();
 * }
 * }</pre>
 *
 * <p><b>What decides reuse.</b> A command is run by an electron, so reuse is the electron's: its
 * cache key covers the electron's arguments (a {@code Path} or {@code File} argument by its
 * content, a {@code CommandResult} argument by the content of its files) and the electron's code
 * fingerprint, which covers the literals written in its body (the program, constant arguments,
 * declared environment values, input texts). Values computed from the arguments are covered
 * through the arguments. Not covered: files read from anywhere else than an argument, the
 * program's own version, and inherited environment variables; bump {@code @Electron(version)} when
 * those change in a way that matters.
 *
 * <p><b>Environment.</b> The program sees only {@code PATH}, {@code HOME}, {@code LANG} and {@code
 * TMPDIR} from this process (on Windows also {@code SystemRoot}, {@code TEMP}, {@code TMP}, {@code
 * PATHEXT}), plus the variables declared with {@link #env}: an undeclared variable of the calling
 * shell cannot silently change a result. {@link #inheritEnv} passes more through.
 *
 * <p><b>Files.</b> Each run gets a new folder (under the system's temporary folder, or {@link
 * #workIn}); inputs are placed in it before the program starts, and it is deleted after the run:
 * stdout, stderr and the declared outputs are kept as files named by their SHA-256 until the
 * result is stored. Output is redirected to files by the operating system, so nothing is held in
 * memory, whatever its size.
 *
 * <p><b>Failures</b> throw {@link CommandException}: a program not found on the {@code PATH}, an
 * exit code outside {@link #successExitCodes} (the message has the code and the end of stderr), a
 * {@link #timeout} (the process and its descendants are killed), an interrupt of the running thread
 * (an {@code @Electron} timeout or a cancellation: the process tree is killed too), and a declared
 * output that was never written.
 *
 * <p>A {@code Command} is a mutable builder for one thread; {@link #run()} may be called more than
 * once.
 */
public final class Command {
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    private static final List<String> INHERITED = WINDOWS
            ? List.of("PATH", "HOME", "LANG", "TMPDIR", "SystemRoot", "TEMP", "TMP", "PATHEXT")
            : List.of("PATH", "HOME", "LANG", "TMPDIR");
    private static final int STDERR_TAIL_LINES = 20;
    private static final int STDERR_TAIL_BYTES = 4096;

    private final List<String> commandLine = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> inherited = new LinkedHashSet<>(INHERITED);
    private final Map<String, Input> inputs = new LinkedHashMap<>();
    private final List<String> outputs = new ArrayList<>();
    private final List<String> globs = new ArrayList<>();
    private int[] successExitCodes = {0};
    private Duration timeout;
    private Path workParent;
    private String stdin = "";

    private Command(List<String> commandLine) {
        for (String part : commandLine) {
            this.commandLine.add(Objects.requireNonNull(part, "a command-line argument is null"));
        }
        if (this.commandLine.isEmpty() || this.commandLine.get(0).isBlank()) {
            throw new IllegalArgumentException("a command needs a program");
        }
    }

    /**
     * @param program the program: a name looked up on the {@code PATH} the command runs with, or a
     *     path (relative paths are resolved against the working folder)
     * @param arguments its arguments
     * @return a command
     */
    public static Command of(String program, String... arguments) {
        List<String> line = new ArrayList<>(1 + arguments.length);
        line.add(program);
        line.addAll(Arrays.asList(arguments));
        return new Command(line);
    }

    /**
     * @param commandLine the program followed by its arguments
     * @return a command
     */
    public static Command of(List<String> commandLine) {
        return new Command(commandLine);
    }

    /**
     * Appends arguments to the command line.
     *
     * @param arguments the arguments
     * @return this command
     */
    public Command args(String... arguments) {
        for (String argument : arguments) {
            commandLine.add(Objects.requireNonNull(argument, "a command-line argument is null"));
        }
        return this;
    }

    /**
     * Declares an environment variable (it overrides an inherited one of the same name).
     *
     * @param name the variable
     * @param value its value
     * @return this command
     */
    public Command env(String name, String value) {
        environment.put(requireVariable(name), Objects.requireNonNull(value, "value of " + name));
        return this;
    }

    /**
     * Passes variables of this process's environment through, beside {@code PATH}, {@code HOME},
     * {@code LANG} and {@code TMPDIR}. They are not part of the cache key.
     *
     * @param names the variables
     * @return this command
     */
    public Command inheritEnv(String... names) {
        for (String name : names) {
            inherited.add(requireVariable(name));
        }
        return this;
    }

    /**
     * Writes a small input file from a string (UTF-8) into the working folder. Its text, when
     * written literally or computed from the electron's arguments, is covered by the cache key.
     *
     * @param name the file's path inside the working folder ({@code config/run.ini})
     * @param content its text
     * @return this command
     */
    public Command inputText(String name, String content) {
        return inputBytes(name, Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes a small input file from bytes into the working folder.
     *
     * @param name the file's path inside the working folder
     * @param content its bytes
     * @return this command
     */
    public Command inputBytes(String name, byte[] content) {
        return input(name, new Input(content.clone(), null, null));
    }

    /**
     * Places a file or folder in the working folder by reference: a symbolic link, never a copy of
     * its bytes into the store. Pass the file to the electron as a {@code Path} (or a {@code
     * CommandResult} whose {@link CommandResult#outputPath output} it is) so that its content is part
     * of the cache key.
     *
     * @param name its path inside the working folder
     * @param source the file or folder
     * @return this command
     */
    public Command inputFile(String name, Path source) {
        return inputFile(name, source, InputMode.SYMLINK);
    }

    /**
     * Places a file or folder in the working folder.
     *
     * @param name its path inside the working folder
     * @param source the file or folder
     * @param mode a symbolic link, a hard link or a copy
     * @return this command
     */
    public Command inputFile(String name, Path source, InputMode mode) {
        return input(name, new Input(null, source.toAbsolutePath().normalize(), Objects.requireNonNull(mode, "mode")));
    }

    private Command input(String name, Input input) {
        FileTree.requireRelative(name, "input file");
        if (inputs.putIfAbsent(name, input) != null) {
            throw new IllegalArgumentException("the input file '" + name + "' is declared twice");
        }
        return this;
    }

    /**
     * Feeds text (UTF-8) to the program's standard input; by default it reads an empty input.
     *
     * @param text the text
     * @return this command
     */
    public Command stdin(String text) {
        this.stdin = Objects.requireNonNull(text, "text");
        return this;
    }

    /**
     * Declares output files or folders the program must write (paths inside the working folder).
     * A file becomes one output of that name; a folder, one output per regular file inside it
     * ({@code results/frame1.png}). A missing one fails the command.
     *
     * @param names the paths inside the working folder
     * @return this command
     */
    public Command captureOutput(String... names) {
        for (String name : names) {
            outputs.add(FileTree.requireRelative(name, "output"));
        }
        return this;
    }

    /**
     * Declares optional outputs by a glob over paths inside the working folder ({@code
     * "frames/*.png"}, {@code "**.log"}); it may match nothing.
     *
     * @param glob the pattern, in {@link java.nio.file.FileSystem#getPathMatcher glob} syntax
     * @return this command
     */
    public Command captureGlob(String glob) {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
        globs.add(glob);
        return this;
    }

    /**
     * Sets the exit codes that count as success (default: {@code 0} only).
     *
     * @param codes the codes
     * @return this command
     */
    public Command successExitCodes(int... codes) {
        if (codes.length == 0) {
            throw new IllegalArgumentException("give at least one success exit code");
        }
        this.successExitCodes = codes.clone();
        return this;
    }

    /**
     * Kills the program and its descendants after this long (default: no limit besides the
     * electron's own timeout).
     *
     * @param timeout the limit
     * @return this command
     */
    public Command timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * Creates the run's working folder inside this folder instead of the system's temporary folder
     * (choose one on the same file system as the store, so that outputs are moved, not copied).
     *
     * @param parent the parent folder, created if needed
     * @return this command
     */
    public Command workIn(Path parent) {
        this.workParent = parent.toAbsolutePath();
        return this;
    }

    /** @return the command line */
    public List<String> commandLine() {
        return List.copyOf(commandLine);
    }

    /**
     * Runs the program in a fresh working folder and waits for it.
     *
     * @return the result, its files in a temporary folder until Valence stores it
     * @throws CommandException when the program is not found, fails, runs out of time, is
     *     interrupted, or leaves a declared output unwritten
     */
    public CommandResult run() {
        Path root = createRoot();
        boolean succeeded = false;
        try {
            Path work = Files.createDirectory(root.resolve("work"));
            // Captured files are kept in the run's folder under their hashes, until the result is stored.
            Path captured = root;
            Map<String, String> env = environment();
            List<String> line = new ArrayList<>(commandLine);
            line.set(0, resolveProgram(line.get(0), env, work));
            placeInputs(work);
            Path stdinFile = Files.writeString(root.resolve("stdin"), stdin);
            Path stdoutFile = root.resolve("stdout");
            Path stderrFile = root.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder(line)
                    .directory(work.toFile())
                    .redirectInput(stdinFile.toFile())
                    .redirectOutput(stdoutFile.toFile())
                    .redirectError(stderrFile.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            long started = System.nanoTime();
            Process process = start(builder, env);
            int exitCode = await(process, stderrFile);
            Duration duration = Duration.ofNanos(System.nanoTime() - started);
            if (Arrays.stream(successExitCodes).noneMatch(code -> code == exitCode)) {
                throw new CommandException(
                        CommandException.Reason.FAILED,
                        describe() + " exited with code " + exitCode + " (success: "
                                + Arrays.toString(successExitCodes) + "); end of stderr:\n"
                                + FileTree.tail(stderrFile, STDERR_TAIL_LINES, STDERR_TAIL_BYTES),
                        exitCode,
                        null);
            }
            Map<String, Path> outputFiles = collectOutputs(work);
            BlobRef stdoutRef = keep(stdoutFile, captured);
            BlobRef stderrRef = keep(stderrFile, captured);
            Map<String, BlobRef> outputRefs = new TreeMap<>();
            for (Map.Entry<String, Path> output : outputFiles.entrySet()) {
                outputRefs.put(output.getKey(), keep(output.getValue(), captured));
            }
            CommandResult result =
                    CommandResult.pending(exitCode, duration, stdoutRef, stderrRef, outputRefs, captured);
            succeeded = true;
            return result;
        } catch (IOException e) {
            throw new CommandException(CommandException.Reason.IO_ERROR, describe() + ": " + e.getMessage(), null, e);
        } finally {
            if (succeeded) {
                // The captured files now belong to the result; only the rest of the run goes.
                FileTree.deleteTree(root.resolve("work"));
                deleteQuietly(root.resolve("stdin"));
            } else {
                FileTree.deleteTree(root);
            }
        }
    }

    private Path createRoot() {
        try {
            if (workParent == null) {
                return Files.createTempDirectory("valence-command-");
            }
            Files.createDirectories(workParent);
            return Files.createTempDirectory(workParent, "valence-command-");
        } catch (IOException e) {
            throw new CommandException(
                    CommandException.Reason.START_FAILED,
                    "cannot create a working folder for " + describe() + ": " + e.getMessage(),
                    null,
                    e);
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new TreeMap<>();
        Map<String, String> parent = System.getenv();
        for (String name : inherited) {
            String value = parent.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(environment);
        return env;
    }

    /** Looks a bare program name up on the command's own PATH, so that a missing program is named clearly. */
    private String resolveProgram(String program, Map<String, String> env, Path work) {
        if (program.contains("/") || program.contains(File.separator)) {
            Path path = work.resolve(program);
            if (!Files.isExecutable(path) && !WINDOWS) {
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
        if (WINDOWS) {
            // PATHEXT and shell built-ins: let the operating system look.
            return program;
        }
        throw notFound(program, env, "it is not on the PATH");
    }

    private CommandException notFound(String program, Map<String, String> env, String why) {
        return new CommandException(
                CommandException.Reason.PROGRAM_NOT_FOUND,
                "cannot run the program '" + program + "': " + why + " (PATH=" + env.getOrDefault("PATH", "")
                        + "); install it, or declare the PATH with env(\"PATH\", ...)",
                null,
                null);
    }

    private Process start(ProcessBuilder builder, Map<String, String> env) {
        try {
            return builder.start();
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("error=2,") || message.contains("error=13,")) {
                throw new CommandException(
                        CommandException.Reason.PROGRAM_NOT_FOUND,
                        "cannot run the program '" + commandLine.get(0) + "' (PATH=" + env.getOrDefault("PATH", "")
                                + "): " + message,
                        null,
                        e);
            }
            throw new CommandException(
                    CommandException.Reason.START_FAILED, "cannot start " + describe() + ": " + message, null, e);
        }
    }

    /** Waits for the process; kills its tree on timeout or interrupt. */
    private int await(Process process, Path stderrFile) {
        try {
            if (timeout == null) {
                return process.waitFor();
            }
            if (process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                return process.exitValue();
            }
            killTree(process);
            throw new CommandException(
                    CommandException.Reason.TIMED_OUT,
                    describe() + " exceeded its timeout of " + timeout + " and was killed with its child processes;"
                            + " end of stderr:\n" + FileTree.tail(stderrFile, STDERR_TAIL_LINES, STDERR_TAIL_BYTES),
                    null,
                    null);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new CommandException(
                    CommandException.Reason.INTERRUPTED,
                    describe() + " was interrupted (the electron's timeout or a cancellation) and killed with its"
                            + " child processes",
                    null,
                    e);
        }
    }

    /** Kills a process and its descendants (found before the parent dies, or they would be orphaned out of reach). */
    private static void killTree(Process process) {
        boolean interrupted = Thread.interrupted();
        try {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            while (true) {
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void placeInputs(Path work) {
        for (Map.Entry<String, Input> entry : inputs.entrySet()) {
            Path target = work.resolve(entry.getKey());
            Input input = entry.getValue();
            try {
                Files.createDirectories(Objects.requireNonNull(target.getParent(), "parent"));
                if (input.content != null) {
                    Files.write(target, input.content);
                } else {
                    place(input.source, target, input.mode);
                }
            } catch (IOException | UncheckedIOException e) {
                throw new CommandException(
                        CommandException.Reason.START_FAILED,
                        "cannot place the input file '" + entry.getKey() + "'"
                                + (input.source == null ? "" : " from " + input.source) + " for " + describe() + ": "
                                + e,
                        null,
                        e);
            }
        }
    }

    private static void place(Path source, Path target, InputMode mode) throws IOException {
        if (!Files.exists(source)) {
            throw new IOException("the file " + source + " does not exist");
        }
        if (mode == InputMode.SYMLINK) {
            try {
                Files.createSymbolicLink(target, source);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                // No symbolic links here (Windows without the privilege): copy instead.
            }
        }
        if (!Files.isDirectory(source)) {
            linkOrCopy(source, target, mode);
            return;
        }
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path file : (Iterable<Path>) tree::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    linkOrCopy(file, copy, mode);
                }
            }
        }
    }

    private static void linkOrCopy(Path source, Path target, InputMode mode) throws IOException {
        if (mode == InputMode.HARD_LINK) {
            try {
                Files.createLink(target, source);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                // Another file system: copy.
            }
        }
        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        if (!Files.isWritable(target) && !target.toFile().setWritable(true, true)) {
            throw new IOException("cannot make the copy " + target + " writable");
        }
    }

    /** The declared outputs, by name, checked to exist; then the glob matches. */
    private Map<String, Path> collectOutputs(Path work) throws IOException {
        Map<String, Path> found = new TreeMap<>();
        for (String name : outputs) {
            Path path = work.resolve(name);
            if (Files.isRegularFile(path)) {
                found.put(name, path);
            } else if (Files.isDirectory(path)) {
                addRegularFiles(work, path, file -> true, found);
            } else {
                throw new CommandException(
                        CommandException.Reason.OUTPUT_MISSING,
                        describe() + " exited with code 0 but did not write its declared output '" + name
                                + "'; the working folder held " + listing(work),
                        null,
                        null);
            }
        }
        for (String glob : globs) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            addRegularFiles(work, work, file -> matcher.matches(work.relativize(file)), found);
        }
        return found;
    }

    private static void addRegularFiles(
            Path work, Path folder, java.util.function.Predicate<Path> accept, Map<String, Path> found)
            throws IOException {
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                // Inputs placed as links are not outputs, unless the program replaced them.
                if (attributes.isRegularFile() && accept.test(file)) {
                    found.put(FileTree.relativeName(work, file), file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String listing(Path work) {
        try (Stream<Path> files = Files.list(work)) {
            List<String> names = files.map(file -> file.getFileName().toString()
                            + (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "/" : ""))
                    .sorted()
                    .limit(20)
                    .toList();
            return names.isEmpty() ? "nothing" : names.toString();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    /** Hashes a finished file and moves it into the captured folder under its hash. */
    private static BlobRef keep(Path file, Path captured) throws IOException {
        String sha256 = FileTree.sha256(file);
        long size = Files.size(file);
        Path target = captured.resolve(sha256);
        if (Files.exists(target)) {
            deleteQuietly(file);
        } else if (Files.isSymbolicLink(file)) {
            Files.copy(file, target);
        } else {
            Files.move(file, target);
        }
        return new BlobRef(sha256, size);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file only takes space.
        }
    }

    private String describe() {
        String line = String.join(" ", commandLine);
        return "the command '" + (line.length() > 200 ? line.substring(0, 200) + "..." : line) + "'";
    }

    private static String requireVariable(String name) {
        if (name == null || name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an environment variable name: '" + name + "'");
        }
        return name;
    }

    /** An input file: bytes to write, or a file to place. */
    private static final class Input {
        private final byte[] content;
        private final Path source;
        private final InputMode mode;

        Input(byte[] content, Path source, InputMode mode) {
            this.content = content;
            this.source = source;
            this.mode = mode;
        }
    }

    @Override
    public String toString() {
        return "Command" + commandLine;
    }
}
