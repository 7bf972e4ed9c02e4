package dev.valence.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real heap exhaustion, in a child JVM with a 64 MB heap: the electron that runs out of memory
 * fails its node, its dependant is cancelled, the dispatch ends {@code FAILED}, the process goes on
 * to complete the next dispatch, and a new process reads the store.
 */
class OutOfMemoryTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path work;

    @Test
    void anElectronThatExhaustsTheHeapFailsItsDispatchAndTheStoreStaysReadable() throws Exception {
        Path store = work.resolve("store");
        Path log = work.resolve("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(List.of(
                        java,
                        "-Xmx64m",
                        "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1",
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        classpath,
                        OutOfMemoryChild.class.getName(),
                        store.toString()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertTrue(
                    child.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the child did not end within " + PATIENCE);
        } finally {
            child.destroyForcibly();
        }
        String output = read(log);
        assertEquals(0, child.exitValue(), output);
        String hogId = field(output, "HOG ", 1);
        assertEquals("FAILED", field(output, "HOG ", 2), output);
        assertEquals("COMPLETED", field(output, "AFTER ", 2), output);

        try (Valence valence = Valence.open(store)) {
            DispatchResult<Object> hog = valence.result(hogId).orElseThrow();
            assertEquals(DispatchStatus.FAILED, hog.status());
            NodeResult node = hog.node("hog");
            assertEquals(NodeStatus.FAILED, node.status());
            assertTrue(
                    node.error().orElseThrow().contains("java.lang.OutOfMemoryError"),
                    node.error().orElseThrow());
            assertTrue(node.reason().orElseThrow().startsWith("failed: the electron threw java.lang.OutOfMemoryError"));
            assertEquals(NodeStatus.CANCELLED, hog.node("plusOne").status());

            DispatchResult<Object> after =
                    valence.result(field(output, "AFTER ", 1)).orElseThrow();
            assertEquals(1, after.value());
            assertEquals(2, valence.dispatches().size());
        }
    }

    private static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** The n-th word of the line starting with a marker. */
    private static String field(String output, String marker, int n) {
        return output.lines()
                .filter(line -> line.startsWith(marker))
                .findFirst()
                .map(line -> line.split(" ")[n])
                .orElseThrow(() -> new AssertionError("no line starting with '" + marker + "' in:\n" + output));
    }
}
