package dev.valence.runtime.command;

import static dev.valence.runtime.command.ByteCount.sha;
import static dev.valence.runtime.command.Hand.INT;
import static dev.valence.runtime.command.Hand.LONG;
import static dev.valence.runtime.command.Hand.RESULT;
import static dev.valence.runtime.command.Hand.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.spi.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Blobs are trusted by their content, not by their name and size: a blob changed in place is found
 * at its first use in a process, and a command cannot write into the store through its inputs.
 * Tests run as root on the build machine, so permission bits alone protect nothing here.
 */
@DisabledOnOs(OS.WINDOWS)
class BlobTamperingTest {
    @TempDir
    Path temp;

    private final ByteCount bytes = new ByteCount();

    @Test
    void aBlobChangedWithoutChangingItsSizeIsComputedAgainAndReplaced() throws IOException {
        Path store = temp.resolve("store");
        Path data = Files.write(temp.resolve("data.bin"), new byte[15]);
        countOnceThenDamage(store, data);
        Path blob = blobFile(store, "15\n");

        try (Valence valence = Valence.open(store)) {
            DispatchResult<Long> again = finish(valence.dispatch(bytes.countFile.workflow(data)));
            assertEquals(NodeStatus.COMPLETED, again.node("count").status(), "computed again, not reused");
            assertEquals(15L, again.value());
            assertEquals(2, bytes.runs.get());
            assertEquals("15\n", Files.readString(blob), "the damaged blob was replaced");
            assertEquals(sha("15\n"), sha(Files.readString(blob)));
            assertEquals(
                    NodeStatus.REUSED,
                    finish(valence.dispatch(bytes.countFile.workflow(data)))
                            .node("count")
                            .status(),
                    "the fresh blob is trusted again");
        }
        try (Valence valence = Valence.open(store)) {
            assertEquals(
                    NodeStatus.REUSED,
                    finish(valence.dispatch(bytes.countFile.workflow(data)))
                            .node("count")
                            .status(),
                    "and in a later process");
            assertEquals(2, bytes.runs.get());
        }
    }

    @Test
    void readingADamagedBlobThroughAStoredResultFailsWithAClearError() throws IOException {
        Path store = temp.resolve("store");
        String id = countOnceThenDamage(store, Files.write(temp.resolve("data.bin"), new byte[15]));

        try (Valence valence = Valence.open(store)) {
            CommandResult stored =
                    valence.result(id).orElseThrow().node("count").value(CommandResult.class);
            for (Runnable use : new Runnable[] {
                stored::stdout,
                () -> stored.outputText("count.txt"),
                () -> stored.outputPath("count.txt"),
                () -> {
                    try (InputStream in = stored.openOutputFile("count.txt")) {
                        in.readAllBytes();
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            }) {
                StoreException error = assertThrows(StoreException.class, use::run);
                String message = error.getMessage();
                assertTrue(
                        message.contains(sha("15\n"))
                                && message.contains("the store was damaged")
                                && message.contains("redispatch"),
                        message);
            }
        }
    }

    /**
     * A command that appends to its input, a file made from a stored blob, gets a private copy: the
     * blob, the file made from it, and every later reader see the original bytes.
     */
    @ParameterizedTest
    @EnumSource(
            value = InputMode.class,
            names = {"SYMLINK", "HARD_LINK"})
    void aCommandWritingToAnInputFromTheStoreCannotChangeTheStore(InputMode mode) throws IOException {
        ElectronRef<CommandResult> lines = Hand.<CommandResult>electron("lines", RESULT, INT)
                .build(args -> Command.of("sh", "-c", "seq 1 \"$N\" > lines.txt")
                        .env("N", String.valueOf(args[0]))
                        .captureOutput("lines.txt")
                        .run());
        // append(lines): writes into its input, as a careless program would.
        ElectronRef<CommandResult> append = Hand.<CommandResult>electron("append", RESULT, RESULT)
                .build(args -> Command.of("sh", "-c", "echo x >> input.txt; wc -l < input.txt")
                        .inputFile("input.txt", ((CommandResult) args[0]).outputPath("lines.txt"), mode)
                        .run());
        // countLines(lines, after): runs after append, over the same stored file.
        ElectronRef<CommandResult> countLines = Hand.<CommandResult>electron("countLines", RESULT, RESULT, RESULT)
                .build(args -> Command.of("sh", "-c", "wc -l < input.txt | tr -d ' '")
                        .inputFile("input.txt", ((CommandResult) args[0]).outputPath("lines.txt"), mode)
                        .run());
        LatticeRef<Long> pipeline = Hand.lattice(
                "pipeline",
                LONG,
                (graph, in) -> {
                    Handle<CommandResult> made = graph.call(lines, in.get(0));
                    Handle<CommandResult> appended = graph.call(append, made);
                    return graph.call(bytes.parse, graph.call(countLines, made, appended));
                },
                INT);
        Path store = temp.resolve("store");
        String original = "1\n2\n3\n4\n5\n";

        try (Valence valence = Valence.open(store)) {
            assertEquals(5L, finish(valence.dispatch(pipeline.workflow(5))).value());
        }
        assertEquals(original, Files.readString(blobFile(store, original)), "the blob is unchanged");
        assertEquals(
                original,
                Files.readString(store.resolve("files").resolve(sha(original)).resolve("lines.txt")),
                "so is the file made from it");
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Long> again = finish(valence.dispatch(pipeline.workflow(5)));
            assertEquals(5L, again.value());
            assertEquals(NodeStatus.REUSED, again.node("lines").status(), "the blob is intact");
        }
    }

    /**
     * Counts a file of 15 bytes, then changes the stored stdout ({@code 15}) to {@code 19} in place.
     *
     * @return the dispatch's id
     */
    private String countOnceThenDamage(Path store, Path data) throws IOException {
        String id;
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Long> result = finish(valence.dispatch(bytes.countFile.workflow(data)));
            assertEquals(15L, result.value());
            id = result.id();
            // The file made for programs exists before the damage: a hard link to the blob's bytes.
            result.node("count").value(CommandResult.class).outputPath("count.txt");
        }
        damage(store, "15\n", "19\n");
        return id;
    }

    /** Overwrites a stored blob in place with bytes of the same size, as a stray program could. */
    private static Path damage(Path store, String content, String replacement) throws IOException {
        assertEquals(content.length(), replacement.length());
        Path blob = blobFile(store, content);
        Files.setPosixFilePermissions(
                blob, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        Files.writeString(blob, replacement);
        assertEquals(replacement, Files.readString(blob));
        return blob;
    }

    private static Path blobFile(Path store, String content) {
        String sha = sha(content);
        return store.resolve("blobs").resolve(sha.substring(0, 2)).resolve(sha.substring(2));
    }
}
