package dev.valence.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tutorial end to end, in this JVM, through the generated code and a real store. */
class ReexecutionTutorialTest {

    @TempDir
    Path store;

    @Test
    void theLatticeStillRunsEagerlyAsPlainJava() {
        assertEquals(1.5, Arithmetic.workflow(1, 2));
    }

    @Test
    void fourStepsGiveCovalentsValuesAndReuseExactlyWhatMatches() {
        try (Valence valence = Valence.open(store)) {
            List<ReexecutionTutorial.Step> steps = new ReexecutionTutorial(valence).run();

            assertEquals(
                    List.of(1.5, 6.0, 6.0, 20.0),
                    steps.stream().map(step -> step.result().value()).collect(Collectors.toList()));
            steps.forEach(
                    step -> assertEquals(DispatchStatus.COMPLETED, step.result().status()));

            String firstId = steps.get(0).result().id();
            assertStatuses(steps.get(0).result(), "COMPLETED", "COMPLETED", "COMPLETED");
            assertStatuses(steps.get(1).result(), "COMPLETED", "COMPLETED", "COMPLETED");
            assertStatuses(steps.get(2).result(), "REUSED", "REUSED", "COMPLETED");
            assertStatuses(steps.get(3).result(), "REUSED", "COMPLETED", "COMPLETED");

            assertEquals(
                    Optional.of(firstId), steps.get(2).result().node("task0").reusedFrom());
            assertEquals(
                    Optional.of(firstId), steps.get(2).result().node("task1").reusedFrom());
            assertEquals(
                    Optional.of(firstId), steps.get(3).result().node("task0").reusedFrom());
            // The replaced node keeps its name and records which electron actually ran.
            assertEquals(
                    Optional.of("dev.valence.examples.Arithmetic#task2Redefined"),
                    steps.get(1).result().node("task2").electronId());
            assertEquals(20.0, steps.get(3).result().node("task2").value());
            assertEquals(5, steps.get(3).result().node("task1").value());
            NodeResult ran = steps.get(0).result().node("task0");
            assertTrue(ran.startTime().isPresent() && ran.endTime().isPresent(), "a node that ran has its times");
            assertEquals(4, valence.dispatches().size());
        }
    }

    private static void assertStatuses(DispatchResult<Double> result, String task0, String task1, String task2) {
        assertEquals(
                List.of(NodeStatus.valueOf(task0), NodeStatus.valueOf(task1), NodeStatus.valueOf(task2)),
                List.of(
                        result.node("task0").status(),
                        result.node("task1").status(),
                        result.node("task2").status()),
                "node statuses of " + result);
    }
}
