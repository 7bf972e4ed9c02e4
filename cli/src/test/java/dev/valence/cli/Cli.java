package dev.valence.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the real shaded jar, {@code java -jar valence.jar ARGS}, in a child JVM, as a user's shell
 * does. Output goes to files, not pipes, so a chatty child never blocks on a full pipe.
 */
final class Cli {
    /** Long enough for a slow shared machine; reached only when something hangs. */
    static final long PATIENCE_SECONDS = 60;

    private static final AtomicInteger RUNS = new AtomicInteger();

    private Cli() {}

    /** What one run printed and how it exited. */
    record Result(int exit, String out, String err) {
        /** @return the result, after checking the run succeeded (with its output in the message if not) */
        Result ok() {
            assertTrue(exit == ExitCodes.OK, () -> "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** A child still running: {@code show --follow}, waited for later. */
    record Running(Process process, Path out, Path err) {
        Result await() throws IOException, InterruptedException {
            if (!process.waitFor(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("the command did not end within " + PATIENCE_SECONDS + " s; it printed:\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }

        String outSoFar() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }
    }

    /**
     * The class path entry a class was loaded from, for {@code --classpath}: its jar in a reactor
     * build, its class folder from an IDE.
     */
    static String classpathOf(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }

    /** Runs the command to its end. */
    static Result run(Path work, String... args) throws IOException, InterruptedException {
        return start(work, args).await();
    }

    /** Starts the command. */
    static Running start(Path work, String... args) throws IOException {
        return start(work, false, args);
    }

    /**
     * Starts the command on a pseudo-terminal, as a person at a terminal runs it: through {@code
     * script} (util-linux), which gives the child a terminal and copies what it writes to our file.
     */
    static Running startOnTerminal(Path work, String... args) throws IOException {
        return start(work, true, args);
    }

    private static Running start(Path work, boolean terminal, String... args) throws IOException {
        Path jar = Path.of(System.getProperty("valence.cli.jar", "target/valence.jar"));
        assertTrue(Files.isRegularFile(jar), "no shaded jar at " + jar + "; run the tests with 'verify'");
        // SQLite extracts its native library into this folder: inside the test's folder, so it is cleaned up.
        Path nativeLibrary = Files.createDirectories(work.resolve("native"));
        int run = RUNS.incrementAndGet();
        Path out = work.resolve("run-" + run + ".out");
        Path err = work.resolve("run-" + run + ".err");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.sqlite.tmpdir=" + nativeLibrary,
                "-jar",
                jar.toString()));
        command.addAll(List.of(args));
        if (terminal) {
            StringBuilder line = new StringBuilder();
            for (String word : command) {
                line.append(line.length() == 0 ? "" : " ")
                        .append("'")
                        .append(word.replace("'", "'\\''"))
                        .append("'");
            }
            command = new ArrayList<>(List.of("script", "-q", "-e", "-c", line.toString(), "/dev/null"));
        }
        Process process = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        return new Running(process, out, err);
    }
}
