package dev.valence.runtime.command;

import static dev.valence.runtime.command.ByteCount.sha;
import static dev.valence.runtime.command.Hand.INT;
import static dev.valence.runtime.command.Hand.LONG;
import static dev.valence.runtime.command.Hand.PATH;
import static dev.valence.runtime.command.Hand.RESULT;
import static dev.valence.runtime.command.Hand.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.fingerprint.Fingerprinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Commands as electrons through a real store: stored files, reading back, reuse and pipelines. */
@DisabledOnOs(OS.WINDOWS)
class CommandDispatchTest {
    @TempDir
    Path temp;

    private final ByteCount bytes = new ByteCount();
    private final AtomicInteger runs = bytes.runs;
    private final ElectronRef<CommandResult> count = bytes.count;
    private final ElectronRef<Long> parse = bytes.parse;
    private final LatticeRef<Long> countFile = bytes.countFile;

    /**
     * A result reused from a fallback is copied into the main store without its blobs (they stay in
     * the fallback until a program asks for them as files); a later process with the same fallback
     * reuses the copy, reading the blobs through the fallback, instead of running the command again.
     */
    @Test
    void aCommandsResultCopiedFromAFallbackIsReusedInALaterProcess() throws IOException {
        Path earlier = temp.resolve("earlier");
        Path main = temp.resolve("main");
        Path data = Files.write(temp.resolve("data.bin"), new byte[4_321]);
        try (Valence valence = Valence.open(earlier)) {
            assertEquals(
                    4_321L, finish(valence.dispatch(countFile.workflow(data))).value());
        }
        for (int process = 0; process < 2; process++) {
            try (Valence valence =
                    Valence.builder().folder(main).fallback(earlier).open()) {
                DispatchResult<Long> again = finish(valence.dispatch(countFile.workflow(data)));
                assertEquals(NodeStatus.REUSED, again.node("count").status(), "process " + process);
                assertEquals(
                        "4321\n",
                        again.node("count").value(CommandResult.class).stdout(),
                        "the blob is read through the fallback");
            }
        }
        assertEquals(1, runs.get(), "the command ran once, in the earlier store");
    }

    @Test
    void aCommandsResultIsStoredAsBlobsAndReadBackInANewInstance() throws IOException {
        Path store = temp.resolve("store");
        Path data = Files.write(temp.resolve("data.bin"), new byte[12_345]);
        String id;
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Long> result = finish(valence.dispatch(countFile.workflow(data)));
            assertEquals(DispatchStatus.COMPLETED, result.status());
            assertEquals(12_345L, result.value());
            id = result.id();
        }
        try (Stream<Path> captures = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertTrue(
                    captures.noneMatch(folder -> Files.exists(folder.resolve(sha("12345\n")))),
                    "the captured files were moved into the store");
        }

        try (Valence valence = Valence.open(store)) {
            CommandResult stored =
                    valence.result(id).orElseThrow().node("count").value(CommandResult.class);
            assertEquals("12345\n", stored.stdout());
            assertEquals("", stored.stderr());
            assertEquals("12345\n", stored.outputText("count.txt"));
            assertEquals(sha("12345\n"), stored.outputRef("count.txt").sha256());
            Path blob = store.resolve("blobs")
                    .resolve(sha("12345\n").substring(0, 2))
                    .resolve(sha("12345\n").substring(2));
            assertEquals("12345\n", Files.readString(blob));
            assertFalse(
                    Files.getPosixFilePermissions(blob)
                            .contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                    "blobs are read-only");
            Path saved = stored.saveOutputFile("count.txt", temp.resolve("out/count.txt"));
            assertEquals("12345\n", Files.readString(saved));
            Path restored = stored.outputPath("count.txt");
            assertEquals(
                    store.resolve("files")
                            .resolve(sha("12345\n"))
                            .resolve("count.txt")
                            .toAbsolutePath(),
                    restored);
            assertEquals(restored, stored.outputPath("count.txt"), "made once, then reused");
        }
    }

    @Test
    void aStoredResultWhoseFilesAreGoneIsComputedAgainNotReused() throws IOException {
        Path store = temp.resolve("store");
        Path data = Files.write(temp.resolve("data.bin"), new byte[77]);
        try (Valence valence = Valence.open(store)) {
            assertEquals(77L, finish(valence.dispatch(countFile.workflow(data))).value());
        }
        // Someone cleaned the blob area by hand: the stored result's stdout is gone.
        Path blob = store.resolve("blobs")
                .resolve(sha("77\n").substring(0, 2))
                .resolve(sha("77\n").substring(2));
        Files.delete(blob);

        try (Valence valence = Valence.open(store)) {
            DispatchResult<Long> again = finish(valence.dispatch(countFile.workflow(data)));
            assertEquals(DispatchStatus.COMPLETED, again.status());
            assertEquals(NodeStatus.COMPLETED, again.node("count").status(), "computed again, not reused");
            assertEquals(2, runs.get());
            assertEquals(77L, again.value());
            assertTrue(Files.exists(blob), "the files are stored afresh");
            assertEquals("77\n", again.node("count").value(CommandResult.class).stdout(), "and the node reads them");
            assertEquals(
                    NodeStatus.REUSED,
                    finish(valence.dispatch(countFile.workflow(data)))
                            .node("count")
                            .status());
        }
    }

    @Test
    void aRerunReusesTheCommandUntilTheInputFilesContentChanges() throws IOException {
        Path data = Files.write(temp.resolve("data.bin"), new byte[100]);
        try (Valence valence = Valence.open(temp.resolve("store"))) {
            assertEquals(
                    100L, finish(valence.dispatch(countFile.workflow(data))).value());
            DispatchResult<Long> again = finish(valence.dispatch(countFile.workflow(data)));
            assertEquals(NodeStatus.REUSED, again.node("count").status());
            assertEquals(1, runs.get());

            Files.setLastModifiedTime(data, java.nio.file.attribute.FileTime.fromMillis(0));
            assertEquals(
                    NodeStatus.REUSED,
                    finish(valence.dispatch(countFile.workflow(data)))
                            .node("count")
                            .status(),
                    "a file's date is not its content");

            Files.write(data, new byte[101]);
            DispatchResult<Long> changed = finish(valence.dispatch(countFile.workflow(data)));
            assertEquals(NodeStatus.COMPLETED, changed.node("count").status());
            assertEquals(101L, changed.value());
            assertEquals(2, runs.get());
            // A reused node's output files are restored on request.
            assertEquals(
                    "100\n",
                    Files.readString(again.node("count")
                            .value(CommandResult.class)
                            .saveOutputs(temp.resolve("restored"))
                            .resolve("count.txt")));
        }
    }

    @Test
    void anOutputFileFeedsTheNextCommandAndEarlyCutoffKeepsItReusable() {
        AtomicInteger sums = new AtomicInteger();
        // numbers(n, label): writes 1..n to numbers.txt; the label changes the command line, not the output.
        ElectronRef<CommandResult> numbers = Hand.<CommandResult>electron("numbers", RESULT, INT, Hand.STRING)
                .build(args -> Command.of("sh", "-c", "seq 1 \"$N\" > numbers.txt; echo \"$LABEL\" > /dev/null")
                        .env("N", String.valueOf(args[0]))
                        .env("LABEL", (String) args[1])
                        .captureOutput("numbers.txt")
                        .run());
        // sum(numbers): awk over the upstream file, materialised from the store.
        ElectronRef<CommandResult> sum = Hand.<CommandResult>electron("sum", RESULT, RESULT)
                .build(args -> {
                    sums.incrementAndGet();
                    CommandResult upstream = (CommandResult) args[0];
                    return Command.of("awk", "{ s += $1 } END { print s }", "numbers.txt")
                            .inputFile("numbers.txt", upstream.outputPath("numbers.txt"))
                            .run();
                });
        LatticeRef<Long> pipeline = Hand.lattice(
                "pipeline",
                LONG,
                (graph, in) -> graph.call(parse, graph.call(sum, graph.call(numbers, in.get(0), in.get(1)))),
                INT,
                Hand.STRING);

        try (Valence valence = Valence.open(temp.resolve("store"))) {
            assertEquals(
                    5050L, finish(valence.dispatch(pipeline.workflow(100, "a"))).value());
            DispatchResult<Long> relabelled = finish(valence.dispatch(pipeline.workflow(100, "b")));
            assertEquals(NodeStatus.COMPLETED, relabelled.node("numbers").status());
            assertEquals(NodeStatus.REUSED, relabelled.node("sum").status(), "same bytes upstream: early cutoff");
            assertEquals(1, sums.get());
            assertEquals(5050L, relabelled.value());
        }
    }

    @Test
    void commandResultsInsideACollectionAreStoredToo() throws IOException {
        Path a = Files.write(temp.resolve("a.bin"), new byte[3]);
        Path b = Files.write(temp.resolve("b.bin"), new byte[4]);
        ElectronRef<Long> total = Hand.<Long>electron("total", LONG, "java.util.List<" + RESULT + ">")
                .build(args -> {
                    long sum = 0;
                    for (Object result : (List<?>) args[0]) {
                        sum += Long.parseLong(
                                ((CommandResult) result).outputText("count.txt").trim());
                    }
                    return sum;
                });
        LatticeRef<Long> both = Hand.lattice(
                "both",
                LONG,
                (graph, in) -> {
                    Handle<CommandResult> first = graph.call(count, in.get(0));
                    Handle<CommandResult> second = graph.call(count, in.get(1));
                    return graph.call(total, graph.list("java.util.List<" + RESULT + ">", List.of(first, second)));
                },
                PATH,
                PATH);

        try (Valence valence = Valence.open(temp.resolve("store"))) {
            DispatchResult<Long> result = finish(valence.dispatch(both.workflow(a, b)));
            assertEquals(7L, result.value());
            List<?> list = result.node("collection").value(List.class);
            assertEquals("4\n", ((CommandResult) list.get(1)).stdout());
        }
    }

    @Test
    void aFailingCommandFailsItsNodeWithTheExitCodeAndStderr() {
        ElectronRef<CommandResult> broken = Hand.<CommandResult>electron("broken", RESULT, INT)
                .build(args -> Command.of("sh", "-c", "echo \"bad input $0\" >&2; exit 7", String.valueOf(args[0]))
                        .run());
        LatticeRef<CommandResult> lattice =
                Hand.lattice("brokenLattice", RESULT, (graph, in) -> graph.call(broken, in.get(0)), INT);
        try (Valence valence = Valence.open(temp.resolve("store"))) {
            DispatchResult<CommandResult> result = finish(valence.dispatch(lattice.workflow(42)));
            assertEquals(NodeStatus.FAILED, result.node("broken").status());
            String error = result.node("broken").error().orElseThrow();
            assertTrue(error.contains("exited with code 7") && error.contains("bad input 42"), error);
            assertTrue(error.contains("at dev.valence.runtime.command.Command.run"), "stack trace stored: " + error);
        }
    }

    @Test
    void anElectronTimeoutKillsTheCommandItRuns() {
        ElectronRef<CommandResult> slow = Hand.<CommandResult>electron("slow", RESULT, INT)
                .timeout("PT0.5S")
                .build(args -> Command.of("sleep", String.valueOf(args[0])).run());
        LatticeRef<CommandResult> lattice =
                Hand.lattice("slowLattice", RESULT, (graph, in) -> graph.call(slow, in.get(0)), INT);
        try (Valence valence = Valence.open(temp.resolve("store"))) {
            long started = System.nanoTime();
            DispatchResult<CommandResult> result = finish(valence.dispatch(lattice.workflow(60)));
            assertEquals(NodeStatus.FAILED, result.node("slow").status());
            String error = result.node("slow").error().orElseThrow();
            assertTrue(error.contains("exceeded its timeout") && error.contains("was interrupted"), error);
            assertTrue(System.nanoTime() - started < 30_000_000_000L, "the node did not wait for sleep 60");
        }
    }

    @Test
    void theFingerprintCoversContentNotDuration() {
        CommandResult one = Command.of("echo", "same").run();
        CommandResult two = Command.of("sh", "-c", "sleep 0.05; echo same").run();
        CommandResult other = Command.of("echo", "different").run();
        Fingerprinter fingerprinter = new Fingerprinter();
        assertEquals(one, two);
        assertEquals(fingerprinter.fingerprint(one), fingerprinter.fingerprint(two));
        assertFalse(fingerprinter.fingerprint(one).equals(fingerprinter.fingerprint(other)));
    }
}
