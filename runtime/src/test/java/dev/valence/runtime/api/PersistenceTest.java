package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.DispatchSummary;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything a dispatch leaves behind survives its {@link Valence} instance: a second instance on
 * the same folder (standing in for a new JVM) lists dispatches, reads results with their recorded
 * types, and redispatches them.
 */
class PersistenceTest {
    @TempDir
    Path folder;

    private final Arithmetic arithmetic = new Arithmetic();
    private String firstId;
    private String secondId;
    private String thirdId;

    /** The first "process": three dispatches, then close. */
    @BeforeEach
    void runAndClose() {
        try (Valence valence = Valence.open(folder)) {
            Dispatch<Double> first = valence.dispatch(arithmetic.workflow(1, 2));
            finish(first);
            Dispatch<Double> second = valence.redispatch(first)
                    .replace(arithmetic.task2, arithmetic.task2Redefined)
                    .reuse(Reuse.from(first))
                    .start();
            finish(second);
            Dispatch<Double> third = valence.dispatch(arithmetic.workflow(2, 2), Reuse.NONE);
            finish(third);
            firstId = first.id();
            secondId = second.id();
            thirdId = third.id();
        }
        assertEquals(List.of(2, 2, 2, 1), runs());
    }

    @Test
    void aNewInstanceListsTheDispatchesInOrder() {
        try (Valence valence = Valence.open(folder)) {
            List<DispatchSummary> dispatches = valence.dispatches();

            assertEquals(
                    List.of(firstId, secondId, thirdId),
                    dispatches.stream().map(DispatchSummary::id).toList());
            for (DispatchSummary summary : dispatches) {
                assertEquals(DispatchStatus.COMPLETED, summary.status());
                assertEquals("workflow", summary.lattice());
                assertEquals(arithmetic.lattice.id(), summary.latticeId());
                assertTrue(summary.endedAt() != null && !summary.endedAt().isBefore(summary.createdAt()));
            }
            assertEquals(Optional.of(firstId), dispatches.get(1).redispatchOfId());
            assertEquals(Optional.empty(), dispatches.get(2).redispatchOfId());
        }
    }

    @Test
    void aNewInstanceReadsStatusesTimesValuesAndReuse() {
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Object> first = valence.result(firstId).orElseThrow();
            DispatchResult<Object> second = valence.result(secondId).orElseThrow();

            assertEquals(DispatchStatus.COMPLETED, first.status());
            assertEquals(1.5, first.value());
            // Decoded with the recorded types: Integer stays Integer, Double stays Double.
            assertEquals(Integer.valueOf(3), first.node("task1").value());
            assertEquals(Double.valueOf(1.5), first.node("task2").value());
            for (NodeResult node : first.electronNodes()) {
                assertEquals(NodeStatus.COMPLETED, node.status());
                assertTrue(node.startTime().isPresent(), node.name());
                assertFalse(
                        node.endTime().orElseThrow().isBefore(node.startTime().orElseThrow()), node.name());
                assertTrue(
                        node.cacheKey().isPresent() && node.valueFingerprint().isPresent(), node.name());
            }

            assertEquals(6.0, second.value());
            assertEquals(Optional.of(firstId), second.redispatchOf());
            assertEquals("from:" + firstId, second.reuse());
            assertEquals(NodeStatus.REUSED, second.node("task0").status());
            assertEquals(Optional.of(firstId), second.node("task1").reusedFrom());
            assertEquals(Optional.empty(), second.node("task1").startTime(), "a reused node did not start");
            assertEquals(3, second.node("task1").value());
            assertEquals(NodeStatus.COMPLETED, second.node("task2").status());

            assertEquals(Optional.empty(), valence.result("no-such-dispatch"));
        }
    }

    @Test
    void aHandBuiltLatticeCannotBeFoundByANewInstanceAndTheErrorSaysWhatToDo() {
        try (Valence valence = Valence.open(folder)) {
            ValenceException error = assertThrows(
                    ValenceException.class, () -> valence.redispatch(firstId).start());

            assertTrue(error.getMessage().contains(arithmetic.lattice.id()), error.getMessage());
            assertTrue(error.getMessage().contains("built by hand"), error.getMessage());
            assertTrue(error.getMessage().contains("withInputs"), error.getMessage());
            assertEquals(3, valence.dispatches().size(), "a failed redispatch records nothing");
        }
    }

    @Test
    void aNewInstanceRedispatchesWithStoredInputsOnceItKnowsTheLattice() {
        try (Valence valence = Valence.open(folder)) {
            // Dispatching the lattice once teaches this instance where it is (as a catalog would).
            finish(valence.dispatch(arithmetic.workflow(1, 2)));
            assertEquals(List.of(2, 2, 2, 1), runs(), "everything was reused from the store");

            DispatchResult<Object> again = finish(
                    valence.redispatch(thirdId).reuse(Reuse.from(thirdId)).start());

            // The stored inputs (2, 2) were used: (2 + 2) / 2 = 2.0, all reused from the third dispatch.
            assertEquals(2.0, again.value());
            assertEquals(2, again.node("a").value());
            for (NodeResult node : again.electronNodes()) {
                assertEquals(Optional.of(thirdId), node.reusedFrom(), node.name());
            }
            assertEquals(List.of(2, 2, 2, 1), runs());
        }
    }

    @Test
    void aNewInstanceRedispatchesWithNewInputs() {
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Double> again = finish(valence.redispatch(firstId)
                    .withInputs(arithmetic.workflow(3, 2))
                    .reuse(Reuse.from(firstId))
                    .start());

            assertEquals(2.5, again.value()); // (3 + 2) / 2
            assertEquals(NodeStatus.COMPLETED, again.node("task0").status());
            assertEquals(List.of(3, 3, 3, 1), runs());
        }
    }

    @Test
    void aNewInstanceRedispatchesAReplacementWhenTheReplacementIsPassedAgain() {
        try (Valence valence = Valence.open(folder)) {
            // The second dispatch replaced task2 by a hand-built electron this instance cannot load;
            // the error says to pass it again, and passing it again must work.
            ValenceException error = assertThrows(
                    ValenceException.class,
                    () -> valence.redispatch(secondId)
                            .withInputs(arithmetic.workflow(1, 2))
                            .start());
            assertTrue(error.getMessage().contains(arithmetic.task2Redefined.id()), error.getMessage());

            DispatchResult<Double> again = finish(valence.redispatch(secondId)
                    .withInputs(arithmetic.workflow(1, 2))
                    .replace(arithmetic.task2, arithmetic.task2Redefined)
                    .start());

            assertEquals(6.0, again.value());
            assertEquals(Optional.of(secondId), again.node("task2").reusedFrom());
            assertEquals(List.of(2, 2, 2, 1), runs());
        }
    }

    private List<Integer> runs() {
        return List.of(
                arithmetic.task0Runs.get(),
                arithmetic.task1Runs.get(),
                arithmetic.task2Runs.get(),
                arithmetic.task2RedefinedRuns.get());
    }
}
