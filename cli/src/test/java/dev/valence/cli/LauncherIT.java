package dev.valence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The launcher script {@code cli/valence} finds the jar in {@code target/} and passes exit codes through. */
@DisabledOnOs(OS.WINDOWS)
class LauncherIT {
    @TempDir
    Path work;

    private Cli.Result launch(String... args) throws Exception {
        Path script = Path.of(System.getProperty("valence.cli.launcher", "valence"));
        Path out = work.resolve("launcher.out");
        Path err = work.resolve("launcher.err");
        ProcessBuilder builder = new ProcessBuilder(
                        concat(List.of("sh", script.toAbsolutePath().toString()), args))
                .directory(work.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment()
                .put("JAVA_OPTS", "-Dorg.sqlite.tmpdir=" + Files.createDirectories(work.resolve("native")));
        Process process = builder.start();
        assertTrue(process.waitFor(Cli.PATIENCE_SECONDS, TimeUnit.SECONDS), "the launcher did not end");
        return new Cli.Result(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> concat(List<String> head, String... tail) {
        return Stream.concat(head.stream(), Arrays.stream(tail)).toList();
    }

    @Test
    void theLauncherRunsTheJarBuiltBesideIt() throws Exception {
        assertTrue(launch("--version").ok().out().startsWith("valence 0."));
    }

    @Test
    void theDefaultStoreIsDotValenceInTheWorkingFolderAndExitCodesPassThrough() throws Exception {
        Cli.Result result = launch("list");
        assertEquals(ExitCodes.STORE, result.exit(), result::toString);
        assertTrue(result.err().contains("no Valence store at .valence"), result::toString);
    }
}
