package dev.valence.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main job, run twice in two fresh JVMs against one store: the second process finds
 * the first one's dispatches and reuses their results.
 */
class MainInChildJvmTest {

    @TempDir
    Path store;

    @Test
    void aSecondProcessFindsTheEarlierDispatchesAndReusesTheirResults() throws Exception {
        List<String> first = runMain();
        assertTrue(first.contains("Earlier dispatches in this store: 0"), String.join("\n", first));
        assertStep(first, "1. ", "-> 1.5", "[task0 COMPLETED, task1 COMPLETED, task2 COMPLETED]");
        assertStep(first, "2. ", "-> 6.0", "[task0 COMPLETED, task1 COMPLETED, task2 COMPLETED]");
        assertStep(first, "3. ", "-> 6.0", "[task0 REUSED, task1 REUSED, task2 COMPLETED]");
        assertStep(first, "4. ", "-> 20.0", "[task0 REUSED, task1 COMPLETED, task2 COMPLETED]");

        List<String> second = runMain();
        assertTrue(second.contains("Earlier dispatches in this store: 4"), String.join("\n", second));
        long listed = second.stream()
                .filter(line -> line.startsWith("  ") && line.contains("  workflow  COMPLETED"))
                .count();
        assertEquals(4, listed, String.join("\n", second));
        assertTrue(
                second.stream()
                        .anyMatch(line -> line.startsWith("Redispatch of ")
                                && line.endsWith("-> 1.5  [task0 REUSED, task1 REUSED, task2 REUSED]")),
                String.join("\n", second));
        // The default policy reuses from the whole store: everything the first process computed.
        assertStep(second, "1. ", "-> 1.5", "[task0 REUSED, task1 REUSED, task2 REUSED]");
        assertStep(second, "4. ", "-> 20.0", "[task0 REUSED, task1 COMPLETED, task2 COMPLETED]");
    }

    private static void assertStep(List<String> output, String number, String value, String statuses) {
        String line = output.stream()
                .filter(candidate -> candidate.startsWith(number))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step " + number + " in\n" + String.join("\n", output)));
        assertTrue(line.contains(value) && line.endsWith(statuses), "step line was: " + line);
    }

    private List<String> runMain() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(java, "-cp", classpath, Main.class.getName(), store.toString())
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "the child JVM did not end");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        return text.lines().toList();
    }
}
