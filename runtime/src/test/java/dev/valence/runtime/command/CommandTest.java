package dev.valence.runtime.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Running commands directly, as plain Java (no store): inputs, outputs and every way to fail. */
@DisabledOnOs(OS.WINDOWS)
class CommandTest {
    @TempDir
    Path temp;

    @Test
    void aCommandSeesItsInputsAndDeclaredEnvironmentAndItsOutputsAreKept() throws IOException {
        Path big = Files.write(temp.resolve("big.bin"), new byte[300_000]);

        CommandResult result = Command.of("sh", "job.sh")
                .inputText(
                        "job.sh",
                        "cat conf/settings.txt\n"
                                + "echo \"greeting=$GREETING\"\n"
                                + "wc -c < data/big.bin | tr -d ' ' > size.txt\n"
                                + "mkdir -p out/deep && echo a > out/a.txt && echo b > out/deep/b.txt\n"
                                + "echo 'a warning' >&2\n")
                .inputText("conf/settings.txt", "level=3\n")
                .inputFile("data/big.bin", big)
                .env("GREETING", "hello")
                .captureOutput("size.txt", "out")
                .run();

        assertEquals(0, result.exitCode());
        assertEquals("level=3\ngreeting=hello\n", result.stdout());
        assertEquals("a warning\n", result.stderr());
        assertEquals(Set.of("out/a.txt", "out/deep/b.txt", "size.txt"), result.outputNames());
        assertEquals("300000\n", result.outputText("size.txt"));
        assertEquals("b\n", new String(result.outputFile("out/deep/b.txt"), StandardCharsets.UTF_8));
        assertEquals(7, result.outputRef("size.txt").size());
        assertTrue(Files.exists(big), "an input passed by reference is left alone");

        Path saved = result.saveOutputs(temp.resolve("restored"));
        assertEquals("a\n", Files.readString(saved.resolve("out/a.txt")));
        assertEquals("300000\n", Files.readString(result.saveOutputFile("size.txt", temp.resolve("copy.txt"))));
        try (InputStream in = result.openOutputFile("out/a.txt")) {
            assertEquals("a\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        IllegalArgumentException unknown =
                assertThrows(IllegalArgumentException.class, () -> result.outputFile("nope"));
        assertTrue(
                unknown.getMessage().contains("'nope'") && unknown.getMessage().contains("size.txt"));
    }

    @Test
    void inputModesGiveALinkAHardLinkOrACopy() throws IOException {
        Path data = Files.writeString(temp.resolve("data.txt"), "1\n2\n3\n");
        for (InputMode mode : InputMode.values()) {
            // gzip refuses links as input; with -c it reads them, and a COPY it takes as it is.
            CommandResult result = Command.of("sh", "-c", "test -L in.txt && echo link; gzip -c in.txt | gzip -dc")
                    .inputFile("in.txt", data, mode)
                    .run();
            assertEquals((mode == InputMode.SYMLINK ? "link\n" : "") + "1\n2\n3\n", result.stdout(), mode.name());
        }
        assertEquals("1\n2\n3\n", Files.readString(data));
    }

    @Test
    void theProgramSeesOnlyTheBaseEnvironmentPlusWhatIsDeclaredOrInherited() {
        CommandResult result = Command.of("env").env("ONLY_THIS", "1").run();
        Set<String> names = new TreeSet<>();
        result.stdout().lines().forEach(line -> names.add(line.substring(0, line.indexOf('='))));
        assertTrue(names.contains("ONLY_THIS") && names.contains("PATH"), names.toString());
        assertTrue(Set.of("PATH", "HOME", "LANG", "TMPDIR", "ONLY_THIS").containsAll(names), names.toString());
    }

    @Test
    void aNonZeroExitFailsWithTheCodeAndTheEndOfStderr() {
        Command command = Command.of("sh", "-c", "echo starting >&2; echo 'disk on fire' >&2; exit 3");

        CommandException failure = assertThrows(CommandException.class, command::run);

        assertEquals(CommandException.Reason.FAILED, failure.reason());
        assertEquals(OptionalInt.of(3), failure.exitCode());
        assertTrue(failure.getMessage().contains("exited with code 3"), failure.getMessage());
        assertTrue(failure.getMessage().endsWith("starting\ndisk on fire"), failure.getMessage());

        CommandResult accepted = command.successExitCodes(0, 3).run();
        assertEquals(3, accepted.exitCode());
        assertEquals("starting\ndisk on fire\n", accepted.stderr());
    }

    @Test
    void aMissingProgramIsNamedWithThePath() {
        CommandException failure = assertThrows(
                CommandException.class,
                () -> Command.of("valence-no-such-program", "-x").run());

        assertEquals(CommandException.Reason.PROGRAM_NOT_FOUND, failure.reason());
        assertTrue(failure.getMessage().contains("'valence-no-such-program'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("PATH=" + System.getenv("PATH")), failure.getMessage());

        CommandException emptyPath = assertThrows(
                CommandException.class,
                () -> Command.of("sh", "-c", "true").env("PATH", "/nonexistent").run());
        assertEquals(CommandException.Reason.PROGRAM_NOT_FOUND, emptyPath.reason());
        assertTrue(emptyPath.getMessage().contains("PATH=/nonexistent"), emptyPath.getMessage());
    }

    @Test
    void aDeclaredOutputThatWasNeverWrittenIsNamed() {
        CommandException failure = assertThrows(
                CommandException.class,
                () -> Command.of("sh", "-c", "echo x > other.txt")
                        .captureOutput("result.txt")
                        .run());

        assertEquals(CommandException.Reason.OUTPUT_MISSING, failure.reason());
        assertTrue(failure.getMessage().contains("'result.txt'"), failure.getMessage());
        assertTrue(failure.getMessage().contains("other.txt"), "lists what is there: " + failure.getMessage());
    }

    @Test
    void globsCaptureWhatMatchesEvenNothing() {
        CommandResult result = Command.of("sh", "-c", "touch f1.png f2.png notes.txt")
                .captureGlob("*.png")
                .captureGlob("*.jpg")
                .run();
        assertEquals(Set.of("f1.png", "f2.png"), result.outputNames());
    }

    @Test
    void aTimeoutKillsTheProcessAndItsChildren() throws Exception {
        Path pidFile = temp.resolve("child.pid");
        long started = System.nanoTime();

        CommandException failure = assertThrows(
                CommandException.class,
                () -> Command.of("sh", "-c", "sleep 60 & echo $! > \"$PID_FILE\"; wait")
                        .env("PID_FILE", pidFile.toString())
                        .timeout(Duration.ofMillis(700))
                        .run());

        assertEquals(CommandException.Reason.TIMED_OUT, failure.reason());
        assertTrue(failure.getMessage().contains("timeout of PT0.7S"), failure.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 30, "did not wait for sleep 60");
        assertDies(Long.parseLong(Files.readString(pidFile).trim()));
    }

    @Test
    void anInterruptKillsTheProcessTreeAndKeepsTheInterruptFlag() throws Exception {
        Path pidFile = temp.resolve("child.pid");
        AtomicBoolean flagKept = new AtomicBoolean();
        CompletableFuture<CommandException> outcome = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                Command.of("sh", "-c", "sleep 60 & echo $! > \"$PID_FILE\"; wait")
                        .env("PID_FILE", pidFile.toString())
                        .run();
                outcome.complete(null);
            } catch (CommandException e) {
                flagKept.set(Thread.currentThread().isInterrupted());
                outcome.complete(e);
            }
        });
        worker.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(pidFile) && Files.size(pidFile) > 0)) {
            assertTrue(System.nanoTime() < deadline, "the command did not start");
            Thread.sleep(10);
        }
        worker.interrupt();

        CommandException failure = outcome.get(30, TimeUnit.SECONDS);
        assertEquals(
                CommandException.Reason.INTERRUPTED,
                Optional.ofNullable(failure).map(CommandException::reason).orElse(null));
        assertTrue(flagKept.get(), "the interrupt flag is restored for the caller");
        assertDies(Long.parseLong(Files.readString(pidFile).trim()));
    }

    @Test
    void namesOutsideTheWorkingFolderAreRefused() {
        for (String bad : List.of("../up.txt", "/etc/passwd", "a//b", "./x", "")) {
            assertThrows(
                    IllegalArgumentException.class, () -> Command.of("true").inputText(bad, "x"), bad);
            assertThrows(
                    IllegalArgumentException.class, () -> Command.of("true").captureOutput(bad), bad);
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> Command.of("true").inputText("a", "1").inputText("a", "2"));
    }

    @Test
    void theWorkingFolderIsRemovedAfterTheRun() throws IOException {
        Path parent = temp.resolve("runs");
        CommandResult result = Command.of("sh", "-c", "echo hi > out.txt")
                .captureOutput("out.txt")
                .workIn(parent)
                .run();
        try (var runs = Files.list(parent)) {
            Path run = runs.findFirst().orElseThrow();
            try (var left = Files.list(run)) {
                assertEquals(
                        Set.of(
                                run.resolve(result.outputRef("out.txt").sha256()),
                                run.resolve(result.stderrRef().sha256())),
                        left.collect(java.util.stream.Collectors.toSet()),
                        "only the captured files remain, under their hashes (stdout and stderr are both empty)");
            }
        }
        assertEquals("hi\n", result.outputText("out.txt"));
        assertThrows(
                CommandException.class, () -> Command.of("false").workIn(parent).run());
        try (var runs = Files.list(parent)) {
            assertEquals(1, runs.count(), "a failed run leaves nothing behind");
        }
    }

    private static void assertDies(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertTrue(System.nanoTime() < deadline, "the child process " + pid + " is still alive");
            Thread.sleep(20);
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
