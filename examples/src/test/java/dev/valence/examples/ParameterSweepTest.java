package dev.valence.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fan-out and sweep patterns written as plain Java, compiled by the processor, run by the runtime. */
class ParameterSweepTest {
    @TempDir
    Path store;

    @Test
    void theSecondRoundIsBuiltFromTheFirstRoundsResultAndEverythingIsReusedNextTime() {
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Double> result =
                    valence.dispatch(ParameterSweepLattices.sweep(0, 8, 5)).await();

            // Coarse grid 0, 2, 4, 6, 8: best 4; refine around 4 with step 0.5: 3, 3.5, 4, 4.5, 5: best 3.5.
            assertEquals(3.5, result.value());
            assertEquals(ParameterSweep.sweep(0, 8, 5), result.value(), "the graph computes what plain Java does");
            assertEquals(5, countNamed(result.electronNodes(), "simulate"));
            assertEquals(NodeKind.SUBLATTICE, result.node("refine").kind());
            DispatchResult<Object> round2 = result.sublattice("refine");
            assertEquals(5, countNamed(round2.electronNodes(), "simulate"));
            assertEquals(10 - 0.7 * 0.7, result.node("refine/simulate[3.0]").value(Double.class), 1e-9);

            DispatchResult<Double> again =
                    valence.dispatch(ParameterSweepLattices.sweep(0, 8, 5)).await();
            assertEquals(3.5, again.value());
            again.electronNodes().forEach(node -> assertEquals(NodeStatus.REUSED, node.status(), node.name()));
            again.sublattice("refine")
                    .electronNodes()
                    .forEach(node -> assertEquals(NodeStatus.REUSED, node.status(), "refine/" + node.name()));
        }
    }

    private static long countNamed(List<NodeResult> nodes, String electron) {
        return nodes.stream()
                .filter(node -> node.name().equals(electron)
                        || node.name().startsWith(electron + "#")
                        || node.name().startsWith(electron + "["))
                .count();
    }
}
