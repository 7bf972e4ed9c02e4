package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Covalent's tutorial, replayed through Valence: dispatch, then redispatch with a redefined task2
 * and each reuse policy. Execution counters prove which electrons really ran.
 */
class TutorialScenarioTest {
    @TempDir
    Path folder;

    private final Arithmetic arithmetic = new Arithmetic();
    private Valence valence;
    private Dispatch<Double> first;

    /** Opens the instance under test; subclasses run the same scenario on other stores. */
    Valence openValence() {
        return Valence.open(folder);
    }

    @BeforeEach
    void dispatchFirst() {
        valence = openValence();
        first = valence.dispatch(arithmetic.workflow(1, 2));
    }

    @AfterEach
    void close() {
        valence.close();
    }

    @Test
    void firstDispatchRunsEveryElectronOnce() {
        DispatchResult<Double> result = finish(first);

        assertEquals(DispatchStatus.COMPLETED, result.status());
        assertEquals(1.5, result.value());
        for (NodeResult node : result.electronNodes()) {
            assertEquals(NodeStatus.COMPLETED, node.status(), node.name());
            assertEquals(1, node.attempts(), node.name());
            assertTrue(node.startTime().isPresent() && node.endTime().isPresent(), node.name());
            assertFalse(node.endTime().get().isBefore(node.startTime().get()), node.name());
            assertEquals(Optional.empty(), node.reusedFrom(), node.name());
        }
        assertEquals(
                List.of("task0", "task1", "task2"),
                result.electronNodes().stream().map(NodeResult::name).toList());
        assertEquals(1, result.node("task0").value());
        assertEquals(3, result.node("task1").value());
        assertEquals(1.5, result.node("task2").value(Double.class));
        assertEquals(1, result.node("a").value());
        assertEquals(List.of(1, 1, 1, 0), runs());
    }

    @Test
    void redispatchWithoutReuseRunsEverythingAgain() {
        finish(first);

        Dispatch<Double> again = valence.redispatch(first)
                .replace(arithmetic.task2, arithmetic.task2Redefined)
                .reuse(Reuse.NONE)
                .start();
        DispatchResult<Double> result = finish(again);

        assertEquals(6.0, result.value());
        for (NodeResult node : result.electronNodes()) {
            assertEquals(NodeStatus.COMPLETED, node.status(), node.name());
            assertEquals(Optional.empty(), node.reusedFrom(), node.name());
        }
        assertEquals(Optional.of(first.id()), result.redispatchOf());
        assertEquals(List.of(2, 2, 1, 1), runs());
    }

    @Test
    void redispatchReusingTheFirstRunsOnlyTheReplacedElectron() {
        finish(first);

        Dispatch<Double> again = valence.redispatch(first)
                .replace(arithmetic.task2, arithmetic.task2Redefined)
                .reuse(Reuse.from(first.id()))
                .start();
        DispatchResult<Double> result = finish(again);

        assertEquals(DispatchStatus.COMPLETED, result.status());
        assertEquals(6.0, result.value());
        for (String reused : List.of("task0", "task1")) {
            assertEquals(NodeStatus.REUSED, result.node(reused).status(), reused);
            assertEquals(Optional.of(first.id()), result.node(reused).reusedFrom(), reused);
            assertTrue(result.node(reused).wasReused());
        }
        NodeResult task2 = result.node("task2");
        assertEquals(NodeStatus.COMPLETED, task2.status());
        assertEquals(Optional.of(arithmetic.task2Redefined.id()), task2.electronId());
        assertEquals(6.0, task2.value());
        // The reused values are still readable through the new dispatch.
        assertEquals(3, result.node("task1").value());
        assertEquals(List.of(1, 1, 1, 1), runs());
    }

    @Test
    void redispatchWithNewInputsReusesOnlyWhatTheInputsDoNotTouch() {
        finish(first);

        Dispatch<Double> again = valence.redispatch(first)
                .withInputs(arithmetic.lattice.workflow(1, 4))
                .replace(arithmetic.task2, arithmetic.task2Redefined)
                .reuse(Reuse.from(first))
                .start();
        DispatchResult<Double> result = finish(again);

        assertEquals(20.0, result.value());
        assertEquals(NodeStatus.REUSED, result.node("task0").status());
        assertEquals(Optional.of(first.id()), result.node("task0").reusedFrom());
        assertEquals(NodeStatus.COMPLETED, result.node("task1").status());
        assertEquals(5, result.node("task1").value());
        assertEquals(NodeStatus.COMPLETED, result.node("task2").status());
        assertEquals(4, result.node("b").value());
        assertEquals(List.of(1, 2, 1, 1), runs());
    }

    @Test
    void redispatchingARedispatchKeepsItsReplacement() {
        finish(first);
        Dispatch<Double> replaced = valence.redispatch(first)
                .replace(arithmetic.task2, arithmetic.task2Redefined)
                .start();
        finish(replaced);

        // No replace(...) this time: the stored replacement still applies, and everything is reused.
        DispatchResult<Double> result =
                finish(valence.redispatch(replaced).reuse(Reuse.ALL).start());

        assertEquals(6.0, result.value());
        assertEquals(Optional.of(replaced.id()), result.node("task2").reusedFrom());
        assertEquals(List.of(1, 1, 1, 1), runs());
    }

    /**
     * replace(task2, half).replace(half, task2Redefined): the later call replaces the earlier
     * replacement, whatever the order replacements are kept in.
     */
    @Test
    void aReplacementCanItselfBeReplacedInOneRedispatch() {
        finish(first);
        // Chained through an intermediate electron the lattice does not call.
        ElectronRef<Double> half = Fixtures.<Double>electron("half")
                .parameter("a", Fixtures.INT)
                .parameter("b", Fixtures.INT)
                .returns(Fixtures.DOUBLE)
                .build(args -> (Integer) args[0] / 2.0);
        DispatchResult<Double> chained = finish(valence.redispatch(first)
                .replace(arithmetic.task2, half)
                .replace(half, arithmetic.task2Redefined)
                .start());
        assertEquals(6.0, chained.value());
        assertEquals(
                Optional.of(arithmetic.task2Redefined.id()),
                chained.node("task2").electronId());
    }

    private List<Integer> runs() {
        return List.of(
                arithmetic.task0Runs.get(),
                arithmetic.task1Runs.get(),
                arithmetic.task2Runs.get(),
                arithmetic.task2RedefinedRuns.get());
    }
}
