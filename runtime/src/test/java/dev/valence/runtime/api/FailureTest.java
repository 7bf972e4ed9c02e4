package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchFailedException;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing electron fails its node and cancels what depends on it; independent branches finish
 * and keep their results; the dispatch reports which node failed.
 */
class FailureTest {
    @TempDir
    Path folder;

    private final AtomicInteger dependantRuns = new AtomicInteger();
    private final AtomicInteger independentRuns = new AtomicInteger();

    private final ElectronRef<Integer> explode = Fixtures.<Integer>electron("explode")
            .parameter("x", INT)
            .returns(INT)
            .build(args -> {
                throw new IllegalStateException("boom on " + args[0]);
            });
    private final ElectronRef<Integer> twice = Fixtures.<Integer>electron("twice")
            .parameter("x", INT)
            .returns(INT)
            .build(args -> {
                independentRuns.incrementAndGet();
                return 2 * (Integer) args[0];
            });
    private final ElectronRef<Integer> add = Fixtures.<Integer>electron("add")
            .parameter("a", INT)
            .parameter("b", INT)
            .returns(INT)
            .build(args -> {
                dependantRuns.incrementAndGet();
                return (Integer) args[0] + (Integer) args[1];
            });

    /** explode(x) -> add(explode, twice) -> add(add, x); twice(x) is independent of explode. */
    private final LatticeRef<Integer> lattice = Fixtures.lattice(
            "fragile",
            INT,
            (graph, in) -> {
                Handle<Integer> bad = graph.call(explode, in.get(0));
                Handle<Integer> good = graph.call(twice, in.get(0));
                Handle<Integer> sum = graph.call(add, bad, good);
                return graph.call(add, sum, in.get(0));
            },
            INT);

    @Test
    void aThrowingElectronFailsItsNodeCancelsDependantsAndKeepsIndependentResults() {
        try (Valence valence = Valence.builder().folder(folder).threads(2).open()) {
            DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(21)));

            assertEquals(DispatchStatus.FAILED, result.status());
            NodeResult failed = result.node("explode");
            assertEquals(NodeStatus.FAILED, failed.status());
            String trace = failed.error().orElseThrow();
            assertTrue(trace.contains("IllegalStateException: boom on 21"), trace);
            assertTrue(trace.contains("\tat "), "the stack trace is kept: " + trace);
            assertTrue(failed.endTime().isPresent());

            assertEquals(NodeStatus.CANCELLED, result.node("add").status());
            assertEquals(NodeStatus.CANCELLED, result.node("add[p0]").status(), "cancelled transitively");
            assertEquals(Optional.empty(), result.node("add").error());
            assertEquals(0, dependantRuns.get());

            assertEquals(NodeStatus.COMPLETED, result.node("twice").status());
            assertEquals(42, result.node("twice").value());
            assertEquals(1, independentRuns.get());

            assertTrue(
                    result.error().orElseThrow().contains("explode"),
                    result.error().orElseThrow());
            DispatchFailedException error = assertThrows(DispatchFailedException.class, result::value);
            assertTrue(error.getMessage().contains("node explode failed"), error.getMessage());
            assertTrue(error.getMessage().contains("boom on 21"), error.getMessage());
            assertEquals(DispatchStatus.FAILED, error.status());
            ValenceException noValue = assertThrows(
                    ValenceException.class, () -> result.node("add").value());
            assertTrue(noValue.getMessage().contains("CANCELLED"), noValue.getMessage());
        }
    }

    /** The independent branch's result was stored for reuse even though the dispatch failed. */
    @Test
    void resultsOfAFailedDispatchAreReusedLater() {
        try (Valence valence = Valence.open(folder)) {
            finish(valence.dispatch(lattice.workflow(21)));
            DispatchResult<Integer> again = finish(valence.dispatch(lattice.workflow(21)));

            assertEquals(DispatchStatus.FAILED, again.status());
            assertEquals(NodeStatus.REUSED, again.node("twice").status());
            assertEquals(42, again.node("twice").value());
            assertEquals(NodeStatus.FAILED, again.node("explode").status(), "failures are not cached");
            assertEquals(1, independentRuns.get());
        }
    }

    /** Has data, but only in a private field: neither the fingerprinter nor Jackson can see it. */
    public static final class Opaque {
        @SuppressWarnings("unused")
        private final int secret = 1;
    }

    /** A public record: fingerprintable, and stored fine when declared as itself. */
    public record Point(int x, int y) {}

    /**
     * Values that cannot be stored fail their own node with a message naming the type and the fix;
     * the rest of the dispatch goes on.
     */
    @Test
    void aValueThatCannotBeStoredFailsOnlyItsNode() {
        ElectronRef<Object> opaque = Fixtures.<Object>electron("opaque")
                .parameter("x", INT)
                .returns("java.lang.Object")
                .build(args -> new Opaque());
        ElectronRef<Object> nothing = Fixtures.<Object>electron("nothing")
                .parameter("x", INT)
                .returns("java.lang.Object")
                .build(args -> new Object());
        // Fingerprintable, but declared as Object it would come back from JSON as a Map.
        ElectronRef<Object> loose = Fixtures.<Object>electron("loose")
                .parameter("x", INT)
                .returns("java.lang.Object")
                .build(args -> new Point(1, 2));
        LatticeRef<Integer> lattice = Fixtures.lattice(
                "unstorable",
                INT,
                (graph, in) -> {
                    graph.call(opaque, in.get(0));
                    graph.call(nothing, in.get(0));
                    graph.call(loose, in.get(0));
                    return graph.call(twice, in.get(0));
                },
                INT);

        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(4)));

            assertEquals(DispatchStatus.FAILED, result.status());
            assertEquals(NodeStatus.COMPLETED, result.node("twice").status());
            assertEquals(8, result.node("twice").value());
            assertFailedNaming(result.node("opaque"), Opaque.class.getName(), "a record");
            assertFailedNaming(result.node("nothing"), "java.lang.Object", "a record");
            assertFailedNaming(result.node("loose"), Point.class.getName(), "declare the exact type");
        }
    }

    /** Bad input never leaves a half-made dispatch behind: nothing is recorded, nothing runs. */
    @Test
    void anInputThatCannotBeFingerprintedIsRefusedBeforeAnythingIsRecorded() {
        LatticeRef<Integer> lattice = Fixtures.lattice(
                "takesAnything", INT, (graph, in) -> graph.call(twice, graph.constant(1, INT)), "java.lang.Object");
        try (Valence valence = Valence.open(folder)) {
            ValenceException error =
                    assertThrows(ValenceException.class, () -> valence.dispatch(lattice.workflow(new Opaque())));

            assertTrue(error.getMessage().contains("input 'p0'"), error.getMessage());
            assertTrue(error.getMessage().contains(Opaque.class.getName()), error.getMessage());
            assertEquals(List.of(), valence.dispatches());
            assertEquals(0, independentRuns.get());
        }
    }

    private static void assertFailedNaming(NodeResult node, String type, String fix) {
        assertEquals(NodeStatus.FAILED, node.status(), node.name());
        String error = node.error().orElseThrow();
        assertTrue(error.contains(type), error);
        assertTrue(error.contains(fix), error);
    }
}
