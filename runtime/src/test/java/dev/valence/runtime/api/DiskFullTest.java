package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.command.Command;
import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store on a filesystem that fills up (a 2 MiB tmpfs mounted for the test): the dispatch whose
 * result does not fit fails with a message that says the store is full, earlier results stay
 * readable, and once space is back the same instance stores results again, durably; a read-only
 * file system is named as such at open. Mounting needs
 * root; elsewhere the test is skipped, except on CI ({@code CI=true}), where a skip would hide it.
 */
class DiskFullTest {
    private static final String STRING = "java.lang.String";
    private static final String INT = "java.lang.Integer";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private Path mount;
    private boolean mounted;

    /** A result of random letters (incompressible enough), different per seed. */
    private final ElectronRef<String> big = Fixtures.<String>electron("big")
            .parameter("seed", INT)
            .returns(STRING)
            .build(args -> letters((Integer) args[0]));

    private final LatticeRef<String> lattice =
            Fixtures.lattice("fill", STRING, (graph, in) -> graph.call(big, in.get(0)), INT);

    @BeforeEach
    void mountSmallFilesystem() throws Exception {
        mount = temp.resolve("small");
        Files.createDirectories(mount);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", mount.toString());
        if (failure != null) {
            String why =
                    "mounting a small tmpfs is not permitted here (" + failure + "); the disk-full test needs root";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + ", and on CI it must run");
            }
            Assumptions.abort(why);
        }
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            String failure = run("umount", mount.toString());
            assertEquals(null, failure, "unmounting the test's tmpfs");
        }
    }

    @Test
    void aFullDiskFailsTheDispatchClearlyKeepsEarlierResultsAndRecoversOnceSpaceIsBack() throws Exception {
        Path store = mount.resolve("store");
        Path filler = mount.resolve("filler");
        String firstId;
        String laterId;
        Valence valence = Valence.open(store);
        try {
            DispatchResult<String> first = finish(valence.dispatch(lattice.workflow(1)), PATIENCE);
            assertEquals(DispatchStatus.COMPLETED, first.status(), () -> String.valueOf(first.error()));
            firstId = first.id();
            // Leave room for a dispatch's small rows but not for another large result.
            long free = Files.getFileStore(mount).getUsableSpace();
            Files.write(filler, new byte[(int) Math.max(0, free - 400_000)]);
            Dispatch<String> filling = valence.dispatch(lattice.workflow(2));
            // The call reports the store failure (bounded: a hang fails the test too)...
            ValenceException thrown = assertThrows(ValenceException.class, () -> filling.await(PATIENCE));
            String expected = "the store at " + store.toAbsolutePath() + " is full: ";
            assertTrue(thrown.getMessage().contains(expected), thrown.getMessage());
            assertTrue(thrown.getMessage().contains(" bytes free; free space and redispatch"), thrown.getMessage());
            // ...and the store records the node and its dispatch as failed with the same message.
            DispatchResult<Object> failed = ended(valence, filling.id());
            assertEquals(DispatchStatus.FAILED, failed.status());
            String error = failed.node("big").error().orElseThrow();
            assertTrue(error.contains(expected), error);
            assertTrue(
                    failed.error().orElseThrow().contains(expected),
                    failed.error().orElseThrow());

            assertEquals(letters(1), valence.result(firstId).orElseThrow().value());
            valence.dispatches()
                    .forEach(summary -> assertTrue(
                            summary.status() != DispatchStatus.RUNNING, summary.id() + " is left " + summary.status()));

            Files.delete(filler);
            DispatchResult<String> later = finish(valence.dispatch(lattice.workflow(3)), PATIENCE);
            assertEquals(DispatchStatus.COMPLETED, later.status(), () -> String.valueOf(later.error()));
            laterId = later.id();
        } catch (Throwable failure) {
            try {
                valence.close();
            } catch (RuntimeException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
        assertDoesNotThrow(valence::close, "close after a handled failure");

        try (Valence reopened = Valence.open(store)) {
            assertEquals(letters(1), reopened.result(firstId).orElseThrow().value());
            assertEquals(letters(3), reopened.result(laterId).orElseThrow().value());
            assertEquals(DispatchStatus.FAILED, reopened.dispatches().get(1).status());
        }
    }

    /**
     * Blobs fill the disk too: a command's output is written inside the store (its scratch folder,
     * then the blob area), so a command writing more than fits fails its own node, saying why, and
     * the same instance stores the next command's output once space is back.
     */
    @Test
    void aFullDiskWhileACommandWritesItsOutputFailsThatNodeAndTheInstanceRecovers() throws Exception {
        Path store = mount.resolve("store");
        Path filler = mount.resolve("filler");
        ElectronRef<CommandResult> output = Fixtures.<CommandResult>electron("output")
                .parameter("bytes", INT)
                .returns(CommandResult.class.getName())
                .build(args -> Command.of("sh", "-c", "yes valence | head -c " + args[0])
                        .run());
        LatticeRef<CommandResult> commands = Fixtures.lattice(
                "commands", CommandResult.class.getName(), (graph, in) -> graph.call(output, in.get(0)), INT);
        try (Valence valence = Valence.open(store)) {
            DispatchResult<CommandResult> first = finish(valence.dispatch(commands.workflow(100_000)), PATIENCE);
            assertEquals(DispatchStatus.COMPLETED, first.status(), () -> String.valueOf(first.error()));

            long free = Files.getFileStore(mount).getUsableSpace();
            Files.write(filler, new byte[(int) Math.max(0, free - 400_000)]);
            DispatchResult<CommandResult> full = finish(valence.dispatch(commands.workflow(1_500_000)), PATIENCE);
            assertEquals(DispatchStatus.FAILED, full.status());
            String error = full.node("output").error().orElseThrow();
            assertTrue(error.contains("is full ("), error);
            assertTrue(error.contains(" bytes free): free space and redispatch"), error);
            assertEquals(100_000, first.value().stdoutBytes().length, "the earlier blob is intact");

            Files.delete(filler);
            DispatchResult<CommandResult> later = finish(valence.dispatch(commands.workflow(300_000)), PATIENCE);
            assertEquals(DispatchStatus.COMPLETED, later.status(), () -> String.valueOf(later.error()));
            assertEquals(300_000, later.value().stdoutBytes().length);
        }
    }

    @Test
    void aReadOnlyFileSystemSaysSoAtOpen() throws Exception {
        Path store = mount.resolve("store");
        try (Valence valence = Valence.open(store)) {
            assertEquals(
                    DispatchStatus.COMPLETED,
                    finish(valence.dispatch(lattice.workflow(1))).status());
        }
        assertEquals(null, run("mount", "-o", "remount,ro", mount.toString()), "making the tmpfs read-only");

        RuntimeException error =
                assertThrows(RuntimeException.class, () -> Valence.open(store).close());
        String expected = "cannot write the store at " + store.toAbsolutePath() + ": read-only file system";
        assertTrue(String.valueOf(error.getMessage()).contains(expected), String.valueOf(error.getMessage()));
    }

    /** The dispatch's record once it has ended, waiting a bounded time for its end to be written. */
    private static DispatchResult<Object> ended(Valence valence, String id) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            DispatchResult<Object> result = valence.result(id).orElseThrow();
            if (result.status() != DispatchStatus.RUNNING) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                return fail("dispatch " + id + " is still RUNNING after " + PATIENCE);
            }
            Thread.sleep(20);
        }
    }

    /** Seed 2's result (1.5 MB) cannot fit beside the filler; the others (10 kB, 300 kB) fit. */
    private static String letters(int seed) {
        int length = seed == 2 ? 1_500_000 : seed == 1 ? 10_000 : 300_000;
        Random random = new Random(seed);
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ('a' + random.nextInt(26));
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Runs a command; null when it succeeded, else what it said. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return process.waitFor() == 0 ? null : "exit " + process.exitValue() + ": " + output;
    }
}
