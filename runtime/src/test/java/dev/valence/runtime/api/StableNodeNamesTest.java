package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.STRING;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Explanation;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls of one electron are named by their plain arguments, so a fan-out's nodes keep their names
 * when an element is added in front, and {@code explain} compares the same element across
 * dispatches (issue 12: positional names compared one region with another).
 */
class StableNodeNamesTest {
    private static final String LIST = "java.util.List<java.lang.String>";

    @TempDir
    Path folder;

    private static final ElectronRef<String> REGION_JOB = Fixtures.<String>electron("regionJob")
            .parameter("region", STRING)
            .parameter("note", STRING)
            .returns(STRING)
            .codeFingerprint("regionJob:v1")
            .build(args -> args[0] + " done (" + args[1] + ")");

    /** regions(note, names...): one regionJob per name, a constant each, and the note, an input. */
    private static LatticeRef<String> regions(List<String> names) {
        return Fixtures.lattice(
                "regions",
                STRING,
                (graph, in) -> {
                    List<Handle<String>> jobs = new ArrayList<>();
                    for (String name : names) {
                        jobs.add(graph.call(REGION_JOB, graph.constant(name, STRING), in.get(0)));
                    }
                    ElectronRef<String> join = Fixtures.<String>electron("join")
                            .parameter("parts", LIST)
                            .returns(STRING)
                            .codeFingerprint("join:v1")
                            .build(args -> String.join("; ", castList(args[0])));
                    return graph.call(join, graph.list(LIST, jobs));
                },
                STRING);
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object value) {
        return (List<String>) value;
    }

    private static List<String> jobNames(DispatchResult<?> result) {
        return result.nodes().stream()
                .filter(node -> node.kind() == NodeKind.ELECTRON)
                .map(NodeResult::name)
                .filter(name -> name.startsWith("regionJob"))
                .toList();
    }

    @Test
    void anElementAddedInFrontLeavesTheOtherNamesAndExplainMatchesByRegion() {
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<String> first =
                    finish(valence.dispatch(regions(List.of("north", "south")).workflow("weekly")));
            assertEquals(List.of("regionJob[north,p0]", "regionJob[south,p0]"), jobNames(first));

            DispatchResult<String> second = finish(
                    valence.dispatch(regions(List.of("east", "north", "south")).workflow("weekly")));
            assertEquals(List.of("regionJob[east,p0]", "regionJob[north,p0]", "regionJob[south,p0]"), jobNames(second));
            assertEquals(NodeStatus.REUSED, second.node("regionJob[north,p0]").status());
            assertEquals(NodeStatus.COMPLETED, second.node("regionJob[east,p0]").status());

            Explanation north = valence.explain(second.id(), "regionJob[north,p0]", first.id());
            assertEquals(List.of(), north.differences(), "north against north: the same call");
            Explanation east = valence.explain(second.id(), "regionJob[east,p0]", first.id());
            assertTrue(east.differences().get(0).contains("has no node named regionJob[east,p0]"), east.toString());
        }
    }

    @Test
    void aNewValueOfAnInputKeepsTheNamesSinceInputsCountByName() {
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<String> weekly =
                    finish(valence.dispatch(regions(List.of("north", "south")).workflow("weekly")));
            DispatchResult<String> daily =
                    finish(valence.dispatch(regions(List.of("north", "south")).workflow("daily")));
            assertEquals(jobNames(weekly), jobNames(daily));
            Explanation north = valence.explain(daily.id(), "regionJob[north,p0]", weekly.id());
            assertTrue(
                    north.differences().stream()
                            .anyMatch(line -> line.contains("the input p0 was given another value")),
                    north.toString());
        }
    }

    @Test
    void callsThatPlainArgumentsCannotTellApartAreNumbered() {
        try (Valence valence = Valence.open(folder)) {
            // The same region twice, and a region too long to be a name: numbered in their order.
            DispatchResult<String> result =
                    finish(valence.dispatch(regions(List.of("north", "north", "x".repeat(40), "south/east"))
                            .workflow("weekly")));
            assertEquals(List.of("regionJob", "regionJob#2", "regionJob#3", "regionJob#4"), jobNames(result));
        }
    }

    @Test
    void aSingleCallKeepsTheBareName() {
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<String> result =
                    finish(valence.dispatch(regions(List.of("north")).workflow("weekly")));
            assertEquals(List.of("regionJob"), jobNames(result));
        }
    }
}
