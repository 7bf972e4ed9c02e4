package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Explanation;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.engine.CodeParts;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explain} names the part of the code that changed, not only the two fingerprints: the
 * generated reference lists each part with a short hash, the store keeps them with the dispatch,
 * and a later process compares them (issue 12).
 */
class ExplainCodePartsTest {
    @TempDir
    Path folder;

    /** task(x) as compiled at one version: its own method, a helper in another class, a library class. */
    private static ElectronRef<Integer> task(String fingerprint, String helperHash) {
        return Fixtures.<Integer>electron("task")
                .parameter("x", INT)
                .returns(INT)
                .codeFingerprint(fingerprint)
                .codePart("method dev.example.Calc#task(java.lang.Integer!)", "1111111111111111")
                .codePart("method dev.example.Fmt#row(java.lang.Integer!)", helperHash)
                .externalClasses("com.fasterxml.jackson.databind.ObjectMapper")
                .build(args -> (Integer) args[0] + 1);
    }

    private static LatticeRef<Integer> flow(ElectronRef<Integer> task) {
        return Fixtures.lattice("flow", INT, (graph, in) -> graph.call(task, in.get(0)), INT);
    }

    @Test
    void aChangedHelperIsNamedAndALibraryClassNamesItsJar() {
        String first;
        try (Valence valence = Valence.open(folder)) {
            first = finish(valence.dispatch(
                            flow(task("a".repeat(64), "2222222222222222")).workflow(1)))
                    .id();
        }
        try (Valence valence = Valence.open(folder)) { // another process, other code
            DispatchResult<Integer> second = finish(valence.dispatch(
                    flow(task("b".repeat(64), "3333333333333333")).workflow(1)));
            Explanation explanation = valence.explain(second.id(), "task", first);
            List<String> differences = explanation.differences();
            assertTrue(differences.get(0).startsWith("code fingerprint changed"), differences.toString());
            assertEquals(
                    List.of("  method dev.example.Fmt#row(java.lang.Integer!) changed"), differences.subList(1, 2));
            assertEquals(2, differences.size(), "the library class did not change: " + differences);
        }
    }

    @Test
    void theReferenceOffersItsPartsWithTheJarOfEachLibraryClass() {
        var parts = task("a".repeat(64), "2222222222222222").codeParts();
        assertEquals("1111111111111111", parts.get("method dev.example.Calc#task(java.lang.Integer!)"));
        String library = parts.get("class com.fasterxml.jackson.databind.ObjectMapper");
        assertTrue(library.matches("[0-9a-f]{16} from jackson-databind-.*\\.jar"), library);
    }

    @Test
    void partsAreComparedChangedNewAndGoneWithTheJarsOfALibraryUpgrade() {
        var then = new TreeMap<String, String>();
        then.put("method p.A#f()", "1111");
        then.put("method p.B#g()", "2222");
        then.put("class com.x.Lib", "aaaa from lib-1.0.jar");
        var now = new TreeMap<String, String>();
        now.put("method p.A#f()", "1111");
        now.put("method p.C#h()", "3333");
        now.put("class com.x.Lib", "bbbb from lib-1.1.jar");
        assertEquals(
                List.of(
                        "class com.x.Lib changed (lib-1.0.jar -> lib-1.1.jar)",
                        "method p.C#h() is new",
                        "method p.B#g() is no longer reached"),
                CodeParts.differences(then, now));
    }
}
