package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.store.InMemoryStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures are recorded but never reused, unless the policy asks for it ({@link
 * Reuse#withFailures()}): then a call that failed before fails at once with the recorded error,
 * in this process or a later one, and a later success with the same key wins.
 */
class ReuseFailuresTest {
    @TempDir
    Path folder;

    private final AtomicInteger runs = new AtomicInteger();
    private volatile boolean broken = true;

    /** {@code int fragile(int x)}: throws while {@link #broken}. */
    private final ElectronRef<Integer> fragile = Fixtures.<Integer>electron("fragile")
            .parameter("x", INT)
            .returns(INT)
            .build(args -> {
                runs.incrementAndGet();
                if (broken) {
                    throw new IllegalStateException("the instrument is offline for x = " + args[0]);
                }
                return (Integer) args[0] * 10;
            });

    private final ElectronRef<Integer> steady = Fixtures.<Integer>electron("steady")
            .parameter("x", INT)
            .returns(INT)
            .build(args -> (Integer) args[0] + 1);

    /** fragile(x) and steady(x), the lattice returning fragile's result. */
    private final LatticeRef<Integer> lattice = Fixtures.lattice(
            "measure",
            INT,
            (graph, in) -> {
                graph.call(steady, in.get(0));
                return graph.call(fragile, in.get(0));
            },
            INT);

    @Test
    void failuresAreRunAgainByDefaultAndReusedOnlyWhenThePolicySaysSo() {
        String firstId;
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> first = finish(valence.dispatch(lattice.workflow(3)));
            firstId = first.id();
            assertEquals(DispatchStatus.FAILED, first.status());
            assertEquals(1, runs.get());

            finish(valence.dispatch(lattice.workflow(3)));
            assertEquals(2, runs.get(), "Reuse.ALL runs a failed call again");

            DispatchResult<Integer> reused = finish(valence.dispatch(lattice.workflow(3), Reuse.ALL.withFailures()));
            assertEquals(2, runs.get(), "the failure was reused, not run");
            NodeResult node = reused.node("fragile");
            assertEquals(NodeStatus.FAILED, node.status());
            assertTrue(node.error().orElseThrow().contains("the instrument is offline for x = 3"), node.error()::get);
            String reason = node.reason().orElseThrow();
            assertTrue(reason.startsWith("failed: reused the failure of dispatch "), reason);
            assertEquals(NodeStatus.REUSED, reused.node("steady").status(), "successes are reused as always");
            assertEquals(DispatchStatus.FAILED, reused.status());

            DispatchResult<Integer> other = finish(valence.dispatch(lattice.workflow(4), Reuse.ALL.withFailures()));
            assertEquals(3, runs.get(), "another argument is another key: it runs");
            assertEquals(NodeStatus.FAILED, other.node("fragile").status());
        }

        try (Valence later = Valence.open(folder)) {
            DispatchResult<Integer> fromStore = finish(
                    later.dispatch(lattice.workflow(3), Reuse.from(firstId).withFailures()));
            assertEquals(3, runs.get(), "a later process reuses the recorded failure too");
            assertEquals(firstId, fromStore.node("fragile").reusedFrom().orElseThrow());

            broken = false;
            assertEquals(30, finish(later.dispatch(lattice.workflow(3))).value(), "Reuse.ALL runs it: it works now");
            assertEquals(4, runs.get());
            DispatchResult<Integer> fixed = finish(later.dispatch(lattice.workflow(3), Reuse.ALL.withFailures()));
            assertEquals(30, fixed.value(), "a success with the same key wins over the failure");
            assertEquals(NodeStatus.REUSED, fixed.node("fragile").status());
            assertEquals(4, runs.get());
        }
    }

    @Test
    void theInMemoryStoreReusesFailuresToo() {
        try (Valence valence = Valence.builder().store(new InMemoryStore()).open()) {
            finish(valence.dispatch(lattice.workflow(5)));
            DispatchResult<Integer> again = finish(valence.dispatch(lattice.workflow(5), Reuse.ALL.withFailures()));
            assertEquals(1, runs.get());
            assertEquals(NodeStatus.FAILED, again.node("fragile").status());
        }
    }

    @Test
    void thePolicyIsWrittenAndReadBack() {
        Reuse policy = Reuse.from("d-1").withFailures().except(fragile);
        assertEquals("from:d-1;failures;rerun=" + fragile.id(), policy.toString());
        assertEquals(policy, Reuse.parse(policy.toString()));
        assertEquals(Reuse.ALL, Reuse.parse("all"));
        assertTrue(Reuse.parse("all;failures").reusesFailures());
        IllegalStateException none = assertThrows(IllegalStateException.class, Reuse.NONE::withFailures);
        assertTrue(none.getMessage().contains("Reuse.NONE reuses nothing"), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Reuse.parse("all;sometimes"));
    }
}
