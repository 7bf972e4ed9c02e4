package dev.valence.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The progress listener on real dispatches: plain lines as in CI, and a bar redrawn in place. */
class ConsoleProgressTest {
    private static final String INT = "java.lang.Integer";

    @TempDir
    Path folder;

    /** A chain of four electrons, built the way generated code builds graphs. */
    private static LatticeRef<Integer> chain() {
        ElectronRef<Integer> step = ElectronRef.<Integer>builder("dev.valence.progress.Hand#step")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    Thread.sleep(30);
                    return (Integer) args[0] + 1;
                });
        List<LatticeRef<Integer>> self = new ArrayList<>(1);
        LatticeRef<Integer> lattice = LatticeRef.<Integer>builder("dev.valence.progress.Hand#chain")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    Graph.Builder graph = Graph.builder();
                    Handle<Integer> value = graph.input("x", (Integer) args[0], INT);
                    for (int i = 0; i < 4; i++) {
                        value = graph.call(step, value);
                    }
                    return self.get(0).workflow(graph, value);
                });
        self.add(lattice);
        return lattice;
    }

    @Test
    void plainLinesEndWithTheCountsOfEachDispatch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Valence valence = Valence.builder()
                .folder(folder)
                .listener(ConsoleProgress.plainLines(out, Duration.ofMillis(50)))
                .open()) {
            assertEquals(
                    DispatchStatus.COMPLETED,
                    valence.dispatch(chain().workflow(1)).await().status());
            assertEquals(
                    DispatchStatus.COMPLETED,
                    valence.dispatch(chain().workflow(1), Reuse.ALL).await().status());
        }
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.size() >= 2, lines.toString());
        assertTrue(lines.stream().noneMatch(line -> line.contains("\r")), lines.toString());
        String first = lines.stream()
                .filter(line -> line.contains("ran 4"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no final line of the first dispatch: " + lines));
        assertTrue(first.contains("4/4"), String.join("\n", lines));
        assertTrue(first.contains("reused 0, failed 0, running 0"), first);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("4/4") && last.contains("ran 0, reused 4"), last);
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Valence valence = Valence.builder()
                .folder(folder)
                .listener(ConsoleProgress.bar(out))
                .open()) {
            valence.dispatch(chain().workflow(1)).await();
        }
        String drawn = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(drawn.contains("\r"), drawn);
        assertTrue(drawn.contains("4/4"), drawn);
    }
}
