package dev.valence.runtime.command;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
    private final List<String> commandLine = new ArrayList<>();
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> inherited = new LinkedHashSet<>(ProcessEnvironment.INHERITED);
    private final Map<String, InputFile> inputs = new LinkedHashMap<>();
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
        return input(name, InputFile.ofBytes(content.clone()));
    }

    /**
     * Places a file or folder in the working folder by reference: a symbolic link, never a copy of
     * its bytes into the store. Pass the file to the electron as a {@code Path} (or a {@code
     * CommandResult} whose {@link CommandResult#outputPath output} it is) so that its content is part
     * of the cache key. A file of the store itself is copied, read-only, instead (see {@link
     * InputMode}).
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
        return input(name, InputFile.ofFile(source.toAbsolutePath().normalize(), Objects.requireNonNull(mode, "mode")));
    }

    private Command input(String name, InputFile input) {
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
        return new CommandProcess(freeze()).run();
    }

    /** What this run needs, copied: the process then depends on the values, not on this builder's fields. */
    private CommandSpec freeze() {
        return new CommandSpec(
                List.copyOf(commandLine),
                ProcessEnvironment.resolve(inherited, environment),
                Collections.unmodifiableMap(new LinkedHashMap<>(inputs)),
                new OutputCollector(outputs, globs),
                successExitCodes.clone(),
                timeout,
                workParent,
                stdin);
    }

    private static String requireVariable(String name) {
        if (name == null || name.isEmpty() || name.contains("=") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not an environment variable name: '" + name + "'");
        }
        return name;
    }

    @Override
    public String toString() {
        return "Command" + commandLine;
    }
}
