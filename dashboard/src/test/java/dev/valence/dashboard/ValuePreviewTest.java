package dev.valence.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Workflow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node panel's value preview: whole when short, cut at its limit (and said so) when long. */
class ValuePreviewTest {
    private static final String LIST = "java.util.List<java.lang.Integer>";

    @TempDir
    Path folder;

    /** n -> numbers(n): the list 0..n-1, whose JSON grows with n. */
    private static Workflow<List<Integer>> numbers(int n) {
        ElectronRef<List<Integer>> numbers = ElectronRef.<List<Integer>>builder("dev.valence.dashboard.Hand#numbers")
                .parameter("n", Workflows.INT)
                .returns(LIST)
                .codeFingerprint("code-of-numbers")
                .build(args -> IntStream.range(0, (Integer) args[0]).boxed().toList());
        List<LatticeRef<List<Integer>>> self = new ArrayList<>(1);
        LatticeRef<List<Integer>> lattice = LatticeRef.<List<Integer>>builder("dev.valence.dashboard.Hand#lists")
                .parameter("n", Workflows.INT)
                .returns(LIST)
                .build(args -> {
                    Graph.Builder graph = Graph.builder();
                    Handle<Integer> input = graph.input("n", (Integer) args[0], Workflows.INT);
                    return self.get(0).workflow(graph, graph.call(numbers, input));
                });
        self.add(lattice);
        return lattice.workflow(n);
    }

    @Test
    void aShortValueIsWholeAndALongOneIsCutAtTheLimitAndSaysSo() {
        try (Valence valence = Valence.open(folder)) {
            String small = Workflows.finish(valence.dispatch(numbers(3))).id();
            String big = Workflows.finish(valence.dispatch(numbers(100_000))).id();
            try (ValenceUi ui = ValenceUi.start(valence, 0)) {
                Http http = new Http(ui);
                JsonNode whole =
                        http.get("/api/dispatches/" + small + "/nodes/1").json();
                assertEquals("[ 0, 1, 2 ]", whole.get("value").asText());
                assertFalse(whole.get("valueTruncated").asBoolean());

                JsonNode cut = http.get("/api/dispatches/" + big + "/nodes/1").json();
                assertTrue(cut.get("valueTruncated").asBoolean());
                String text = cut.get("value").asText();
                assertEquals(ValuePreview.LIMIT, text.length(), "cut exactly at the limit");
                assertTrue(text.startsWith("[ 0, 1, 2, 3"), text.substring(0, 20));
            }
        }
    }
}
