package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.codec.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Any {@link Throwable}, not only exceptions, ends its node as failed and the dispatch with it:
 * thrown by the electron, a codec, a fingerprint adapter or a sublattice's graph builder, or met
 * where a callback runs on another thread (an executor that refuses it). Before, such a node never
 * ended, and neither did {@code await()}.
 */
class ErrorsEndNodesTest {
    /** Far more than any of these dispatches needs; a node left without an end waits for ever. */
    private static final Duration BOUND = Duration.ofSeconds(8);

    @TempDir
    Path folder;

    /** A custom error, as a library might throw. */
    static final class CustomError extends Error {
        private static final long serialVersionUID = 1L;

        CustomError(String message) {
            super(message);
        }
    }

    static Stream<Supplier<Error>> errors() {
        return Stream.of(
                () -> new OutOfMemoryError("thrown by the electron"),
                () -> new InternalError("thrown by the electron"),
                () -> new CustomError("thrown by the electron"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void anErrorFromTheElectronFailsItsNodeCancelsItsDependantsAndEndsTheDispatch(Supplier<Error> error) {
        Error thrown = error.get();
        ElectronRef<Integer> failing = Fixtures.<Integer>electron("throwsError")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    throw thrown;
                });
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> result =
                    ended(valence.dispatch(chain(failing).workflow(1)));

            assertEquals(DispatchStatus.FAILED, result.status());
            NodeResult node = result.node("throwsError");
            assertEquals(NodeStatus.FAILED, node.status());
            String trace = node.error().orElseThrow();
            assertTrue(trace.contains(thrown.getClass().getName() + ": thrown by the electron"), trace);
            assertTrue(trace.contains("\tat "), "the stack trace is recorded: " + trace);
            // The electron's own failure (outcome ELECTRON_FAILED), worded as such.
            assertTrue(
                    node.reason().orElseThrow().startsWith("failed: the electron threw " + thrown),
                    node.reason().orElseThrow());
            assertEquals(NodeStatus.CANCELLED, result.node("plusOne").status());
        }
    }

    @Test
    void anErrorFromACodecFailsTheNode() {
        ValueCodec exploding = new ValueCodec() {
            @Override
            public String name() {
                return "exploding";
            }

            @Override
            public boolean accepts(ValueType type, Object value) {
                return Integer.valueOf(42).equals(value);
            }

            @Override
            public byte[] encode(Object value, ValueType type) {
                throw new InternalError("the codec broke");
            }

            @Override
            public Object decode(byte[] bytes, ValueType type) {
                throw new InternalError("never called");
            }
        };
        try (Valence valence = Valence.builder().folder(folder).codec(exploding).open()) {
            DispatchResult<Integer> result =
                    ended(valence.dispatch(chain(answer()).workflow(1)));

            assertFailedWithout("answer", result, "java.lang.InternalError: the codec broke");
        }
    }

    @Test
    void anErrorFromAFingerprintAdapterFailsTheNode() {
        ElectronRef<Token> token = Fixtures.<Token>electron("token")
                .parameter("x", INT)
                .returns(Token.class.getName())
                .build(args -> new Token());
        LatticeRef<Token> lattice =
                Fixtures.lattice("tokens", Token.class.getName(), (graph, in) -> graph.call(token, in.get(0)), INT);
        try (Valence valence = Valence.builder()
                .folder(folder)
                .fingerprint(Token.class, t -> {
                    throw new InternalError("the adapter broke");
                })
                .open()) {
            DispatchResult<Token> result = ended(valence.dispatch(lattice.workflow(1)));

            assertFailedWithout("token", result, "java.lang.InternalError: the adapter broke");
        }
    }

    @Test
    void anErrorFromASublatticesGraphBuilderFailsItsNode() {
        LatticeRef<Integer> broken = LatticeRef.<Integer>builder("dev.valence.runtime.api.Hand#brokenBuilder")
                .parameter("p0", INT)
                .returns(INT)
                .build(args -> {
                    throw new InternalError("the graph builder broke");
                });
        ElectronRef<Integer> plusOne = plusOne();
        LatticeRef<Integer> parent = Fixtures.lattice(
                "parentOfBrokenBuilder",
                INT,
                (graph, in) -> graph.call(plusOne, graph.sublattice(broken, graph.call(plusOne, in.get(0)))),
                INT);
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> result = ended(valence.dispatch(parent.workflow(1)));

            assertFailedWithout("brokenBuilder", result, "java.lang.InternalError: the graph builder broke");
            assertEquals(NodeStatus.CANCELLED, result.node("plusOne#2").status());
        }
    }

    /**
     * An executor that takes the node's step, then refuses the callback that releases its
     * dependants (as a caller's executor shut down meanwhile does): the callback must still run.
     */
    @Test
    void anExecutorThatRefusesANodesCallbackStillLetsTheDispatchEnd() {
        AtomicInteger taken = new AtomicInteger();
        Executor once = task -> {
            if (taken.getAndIncrement() > 0) {
                throw new RejectedExecutionException("shut down");
            }
            Thread thread = new Thread(task, "test-once");
            thread.setDaemon(true);
            thread.start();
        };
        ElectronRef<Integer> first = Fixtures.<Integer>electron("first")
                .parameter("x", INT)
                .returns(INT)
                .executor("once")
                .build(args -> (Integer) args[0] + 1);
        try (Valence valence =
                Valence.builder().folder(folder).executor("once", once).open()) {
            DispatchResult<Integer> result = ended(valence.dispatch(chain(first).workflow(1)));

            assertEquals(NodeStatus.COMPLETED, result.node("first").status());
            assertEquals(2, result.node("first").value());
            // Its dependant runs on the default pool: it is released although the callback was refused.
            assertEquals(NodeStatus.COMPLETED, result.node("plusOne").status());
            assertEquals(DispatchStatus.COMPLETED, result.status());
        }
    }

    /**
     * An attempt that the timeout interrupts and that then ends with an error still clears the
     * interrupt: the next electron on the same pool thread starts clean.
     */
    @Test
    void anErrorAfterTheTimeoutRangLeavesThePoolThreadUninterrupted() {
        ElectronRef<Integer> slow = Fixtures.<Integer>electron("slow")
                .parameter("x", INT)
                .returns(INT)
                .timeout("PT0.1S")
                .build(args -> {
                    long deadline = System.nanoTime() + BOUND.toNanos();
                    while (!Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                    throw new StackOverflowError("after the interrupt");
                });
        ElectronRef<Boolean> probe = Fixtures.<Boolean>electron("probe")
                .parameter("x", INT)
                .returns("java.lang.Boolean")
                .cache(false)
                .build(args -> Thread.currentThread().isInterrupted());
        LatticeRef<Boolean> lattice = Fixtures.lattice(
                "interruptProbe",
                "java.lang.Boolean",
                (graph, in) -> {
                    graph.call(slow, in.get(0));
                    return graph.call(probe, in.get(0));
                },
                INT);
        try (Valence valence = Valence.builder().folder(folder).threads(1).open()) {
            DispatchResult<Boolean> result = ended(valence.dispatch(lattice.workflow(1)));

            NodeResult timedOut = result.node("slow");
            assertEquals(NodeStatus.FAILED, timedOut.status());
            assertTrue(
                    timedOut.error().orElseThrow().contains("exceeded its timeout"),
                    timedOut.error().orElseThrow());
            assertEquals(NodeStatus.COMPLETED, result.node("probe").status());
            assertFalse((Boolean) result.node("probe").value(), "the probe ran on an interrupted thread");
        }
    }

    /** A value only a fingerprint adapter can read. */
    public static final class Token {}

    private static <R> DispatchResult<R> ended(Dispatch<R> dispatch) {
        Optional<DispatchResult<R>> result = dispatch.await(BOUND);
        assertTrue(result.isPresent(), "the dispatch did not end within " + BOUND);
        return result.get();
    }

    /** The node failed with Valence's own outcome (not the electron's) and the error's trace. */
    private static void assertFailedWithout(String name, DispatchResult<?> result, String error) {
        assertEquals(DispatchStatus.FAILED, result.status());
        NodeResult node = result.node(name);
        assertEquals(NodeStatus.FAILED, node.status());
        String trace = node.error().orElseThrow();
        assertTrue(trace.contains(error) && trace.contains("\tat "), trace);
        assertTrue(
                node.reason().orElseThrow().startsWith("failed: " + error),
                node.reason().orElseThrow());
    }

    private static ElectronRef<Integer> answer() {
        return Fixtures.<Integer>electron("answer")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> 42);
    }

    private static ElectronRef<Integer> plusOne() {
        return Fixtures.<Integer>electron("plusOne")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> (Integer) args[0] + 1);
    }

    /** step(x) -> plusOne(step). */
    private static LatticeRef<Integer> chain(ElectronRef<Integer> step) {
        ElectronRef<Integer> plusOne = plusOne();
        return Fixtures.lattice(
                "chainOf" + step.name(),
                INT,
                (graph, in) -> {
                    Handle<Integer> first = graph.call(step, in.get(0));
                    return graph.call(plusOne, first);
                },
                INT);
    }
}
