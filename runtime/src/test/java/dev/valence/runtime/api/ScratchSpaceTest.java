package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.STRING;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Valence;
import dev.valence.runtime.command.Command;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Electrons' temporary files live inside the store, go when it closes, and are swept after a kill. */
@DisabledOnOs(OS.WINDOWS)
class ScratchSpaceTest {
    @TempDir
    Path work;

    @Test
    void aCommandWhoseResultIsDiscardedLeavesNothingInTheSystemTempFolderOrTheStore() throws IOException {
        Path store = work.resolve("store");
        ElectronRef<String> where = Fixtures.<String>electron("where")
                .parameter("x", INT)
                .returns(STRING)
                .build(args -> Command.of("pwd").run().stdout().strip());
        LatticeRef<String> lattice =
                Fixtures.lattice("where", STRING, (graph, in) -> graph.call(where, in.get(0)), INT);
        List<Path> before = commandFolders(Path.of(System.getProperty("java.io.tmpdir")));
        String folder;
        try (Valence valence = Valence.open(store)) {
            folder = finish(valence.dispatch(lattice.workflow(1))).value();
        }
        assertTrue(Path.of(folder).startsWith(store.resolve("scratch").toRealPath()), "the command ran in " + folder);
        assertEquals(before, commandFolders(Path.of(System.getProperty("java.io.tmpdir"))));
        try (Stream<Path> left = Files.list(store.resolve("scratch"))) {
            assertEquals(List.of(), left.toList(), "close() removes the process's scratch folder");
        }
    }

    @Test
    void aKilledProcessesCommandFolderIsSweptWhenTheStoreOpensAgain() throws Exception {
        Path store = work.resolve("store");
        Path marker = work.resolve("marker");
        Path temp = Files.createDirectories(work.resolve("tmp"));
        Path nativeLibrary = Files.createDirectories(work.resolve("sqlite-native"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + temp,
                        "-Dorg.sqlite.tmpdir=" + nativeLibrary,
                        "-cp",
                        classpath,
                        ScratchChild.class.getName(),
                        store.toString(),
                        marker.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("child.log").toFile())
                .start();
        Path commandFolder;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(marker) && Files.size(marker) > 0) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(
                    Files.exists(marker), "the command never started: " + Files.readString(work.resolve("child.log")));
            commandFolder = Path.of(Files.readString(marker).strip());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            ProcessHandle.allProcesses()
                    .filter(process -> process.info().commandLine().orElse("").contains("sleep 60"))
                    .forEach(ProcessHandle::destroyForcibly);
        }
        assertTrue(commandFolder.startsWith(store.resolve("scratch").toRealPath()), commandFolder.toString());
        assertTrue(Files.isDirectory(commandFolder), "the kill left the command's folder behind");
        assertEquals(List.of(), commandFolders(temp), "nothing in the child's system temp folder");
        // A sweep leaves folders younger than two seconds alone (their owner may be locking them):
        // age the dead process's lock instead of waiting.
        Path scratch = store.resolve("scratch").toRealPath();
        Path lock =
                scratch.resolve(scratch.relativize(commandFolder).getName(0)).resolve("lock");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(60)));

        try (Valence valence = Valence.open(store)) {
            assertEquals(1, valence.dispatches().size());
            assertFalse(Files.exists(commandFolder), "opening the store swept the dead process's folder");
            try (Stream<Path> left = Files.list(store.resolve("scratch"))) {
                assertEquals(1, left.count(), "only this process's own folder remains");
            }
        }
    }

    private static List<Path> commandFolders(Path temp) throws IOException {
        try (Stream<Path> entries = Files.list(temp)) {
            return entries.filter(path -> path.getFileName().toString().startsWith("valence-"))
                    .sorted()
                    .toList();
        }
    }
}
