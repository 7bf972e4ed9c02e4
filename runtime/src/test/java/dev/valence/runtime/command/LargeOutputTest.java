package dev.valence.runtime.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Valence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's 1 GiB of stdout goes to the store without passing through the heap: the dispatch runs
 * in a child JVM limited to 64 MiB of heap.
 */
@DisabledOnOs(OS.WINDOWS)
class LargeOutputTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path temp;

    @Test
    void oneGibibyteOfStdoutIsStreamedToTheStoreWithA64MibHeap() throws Exception {
        Path store = temp.resolve("store");
        try {
            String[] result = runChild(store).split(" ");
            assertEquals(String.valueOf(GIB), result[2], "stored size");
            assertEquals(String.valueOf(GIB), result[3], "bytes streamed back");
            long peakHeap = Long.parseLong(result[4]);
            long maxHeap = Long.parseLong(result[5]);
            assertTrue(maxHeap <= 64L << 20, "the child's heap was limited: " + maxHeap);
            assertTrue(peakHeap < 64L << 20, "peak heap " + peakHeap);
            assertEquals("refused", result[6], "stdout() refuses to load 1 GiB into memory");
            System.out.printf(
                    "1 GiB stdout stored; child peak heap %.1f MiB of %d MiB%n", peakHeap / 1048576.0, maxHeap >> 20);

            try (Valence valence = Valence.open(store)) {
                CommandResult stored =
                        valence.result(result[1]).orElseThrow().node("zeros").value(CommandResult.class);
                assertEquals(GIB, stored.stdoutRef().size());
                Path blob = store.resolve("blobs")
                        .resolve(stored.stdoutRef().sha256().substring(0, 2))
                        .resolve(stored.stdoutRef().sha256().substring(2));
                assertEquals(GIB, Files.size(blob));
            }
            try (var work = Files.list(store.resolve("work"))) {
                assertEquals(0, work.count(), "the working folder and the captured files are gone");
            }
        } finally {
            Files.walk(store)
                    .sorted(java.util.Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }

    private static String runChild(Path store) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(
                        java,
                        "-Xmx64m",
                        "-cp",
                        classpath,
                        LargeOutputChild.class.getName(),
                        store.toString(),
                        String.valueOf(GIB))
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child JVM did not end");
        assertEquals(0, child.exitValue(), output);
        return output.lines()
                .filter(line -> line.startsWith("RESULT "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no result line in\n" + output));
    }
}
