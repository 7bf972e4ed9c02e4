package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-electron retries and timeouts. */
class RetryTimeoutTest {
    @TempDir
    Path folder;

    /** An electron that fails its first two attempts, then returns its argument. */
    private static ElectronRef<Integer> flaky(AtomicInteger attempts, int retries) {
        return Fixtures.<Integer>electron("flaky")
                .parameter("x", INT)
                .returns(INT)
                .retries(retries)
                .build(args -> {
                    if (attempts.incrementAndGet() <= 2) {
                        throw new IllegalStateException("flake " + attempts.get());
                    }
                    return (Integer) args[0];
                });
    }

    private static <R> LatticeRef<R> single(ElectronRef<R> electron) {
        return Fixtures.lattice(
                "single_" + electron.name(),
                electron.returnType(),
                (graph, in) -> graph.call(electron, in.get(0)),
                INT);
    }

    @Test
    void twoRetriesOutlastTwoFailures() {
        AtomicInteger attempts = new AtomicInteger();
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> result =
                    finish(valence.dispatch(single(flaky(attempts, 2)).workflow(9)));

            assertEquals(DispatchStatus.COMPLETED, result.status());
            assertEquals(9, result.value());
            assertEquals(3, result.node("flaky").attempts());
            assertEquals(3, attempts.get());
        }
    }

    @Test
    void oneRetryIsNotEnough() {
        AtomicInteger attempts = new AtomicInteger();
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> result =
                    finish(valence.dispatch(single(flaky(attempts, 1)).workflow(9)));

            assertEquals(DispatchStatus.FAILED, result.status());
            NodeResult node = result.node("flaky");
            assertEquals(NodeStatus.FAILED, node.status());
            assertEquals(2, node.attempts());
            assertEquals(2, attempts.get());
            String error = node.error().orElseThrow();
            assertTrue(error.contains("failed 2 attempts"), error);
            assertTrue(error.contains("flake 2"), error);
            assertTrue(error.contains("flake 1"), "the earlier attempt is kept as suppressed: " + error);
        }
    }

    @Test
    void negativeRetriesAndBadTimeoutsAreRejectedWhenTheReferenceIsBuilt() {
        assertThrows(
                IllegalArgumentException.class, () -> Fixtures.electron("x").retries(-1));
        IllegalArgumentException notIso = assertThrows(
                IllegalArgumentException.class, () -> Fixtures.electron("x").timeout("5s"));
        assertTrue(notIso.getMessage().contains("PT30S"), notIso.getMessage());
        assertThrows(
                IllegalArgumentException.class, () -> Fixtures.electron("x").timeout("PT0S"));
    }

    /**
     * An electron blocked on a latch past its timeout fails with a timeout error, and the next
     * electron on the same (single) thread runs undisturbed. The default pool also clears interrupts
     * between tasks, so the sharp check of the invoker's own clearing is {@link
     * #aTimedOutAttemptIsRetriedWithoutTheInterrupt()}.
     */
    @Test
    void aTimedOutElectronFailsAndLeavesItsThreadClean() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interruptedAfterwards = new AtomicBoolean(true);
        AtomicInteger stuckRuns = new AtomicInteger();
        ElectronRef<Integer> stuck = Fixtures.<Integer>electron("stuck")
                .parameter("x", INT)
                .returns(INT)
                .timeout("PT0.2S")
                .build(args -> {
                    stuckRuns.incrementAndGet();
                    Fixtures.block(never);
                    return 0;
                });
        ElectronRef<Integer> next = Fixtures.<Integer>electron("next")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    interruptedAfterwards.set(Thread.currentThread().isInterrupted());
                    // Would throw InterruptedException at once if the interrupt had leaked.
                    new CountDownLatch(0).await();
                    return (Integer) args[0] + 1;
                });

        try (Valence valence = Valence.builder().folder(folder).threads(1).open()) {
            DispatchResult<Integer> timedOut =
                    finish(valence.dispatch(single(stuck).workflow(1)));

            assertEquals(DispatchStatus.FAILED, timedOut.status());
            String error = timedOut.node("stuck").error().orElseThrow();
            assertTrue(error.contains("exceeded its timeout of PT0.2S"), error);
            assertEquals(1, stuckRuns.get());

            DispatchResult<Integer> after = finish(valence.dispatch(single(next).workflow(1), Reuse.NONE));
            assertEquals(
                    DispatchStatus.COMPLETED,
                    after.status(),
                    () -> after.node("next").error().orElse(""));
            assertEquals(2, after.value());
            assertFalse(interruptedAfterwards.get(), "the timeout's interrupt leaked into the next electron");
        } finally {
            never.countDown();
        }
    }

    /**
     * A well-behaved electron restores the interrupt flag when interrupted. The timeout's interrupt
     * must still be cleared before the retry, which runs on the same thread in the same task (the
     * pool only clears interrupts between tasks): the second attempt runs uninterrupted.
     */
    @Test
    void aTimedOutAttemptIsRetriedWithoutTheInterrupt() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean secondAttemptInterrupted = new AtomicBoolean(true);
        ElectronRef<Integer> slowOnce = Fixtures.<Integer>electron("slowOnce")
                .parameter("x", INT)
                .returns(INT)
                .timeout("PT0.2S")
                .retries(1)
                .build(args -> {
                    if (attempts.incrementAndGet() == 1) {
                        try {
                            Fixtures.block(never);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException("interrupted", e);
                        }
                    }
                    secondAttemptInterrupted.set(Thread.currentThread().isInterrupted());
                    return (Integer) args[0];
                });

        try (Valence valence = Valence.builder().folder(folder).threads(1).open()) {
            DispatchResult<Integer> result =
                    finish(valence.dispatch(single(slowOnce).workflow(3)));

            assertEquals(
                    DispatchStatus.COMPLETED,
                    result.status(),
                    () -> result.node("slowOnce").error().orElse(""));
            assertEquals(3, result.value());
            assertEquals(2, result.node("slowOnce").attempts());
            assertFalse(secondAttemptInterrupted.get(), "the timeout's interrupt leaked into the retry");
        } finally {
            never.countDown();
        }
    }

    /** A timeout that does not trip leaves the value alone. */
    @Test
    void anElectronWithinItsTimeoutCompletes() {
        ElectronRef<Integer> quick = Fixtures.<Integer>electron("quick")
                .parameter("x", INT)
                .returns(INT)
                .timeout("PT30S")
                .build(args -> (Integer) args[0]);
        try (Valence valence = Valence.builder().folder(folder).threads(1).open()) {
            DispatchResult<Integer> result =
                    finish(valence.dispatch(single(quick).workflow(5)));
            assertEquals(5, result.value());
            assertFalse(Thread.currentThread().isInterrupted());
        }
    }
}
