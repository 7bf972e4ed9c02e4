package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parameters left out of the cache key (Parsl's {@code ignore_for_cache}). */
class IgnoreForCacheTest {
    private static final String SINK = "java.io.PrintStream";

    @TempDir
    Path folder;

    private Valence valence;
    private final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void open() {
        valence = Valence.open(folder);
    }

    @AfterEach
    void close() {
        valence.close();
    }

    /** square(x, log): logs to a sink that is not part of the key. */
    private LatticeRef<Integer> logged() {
        ElectronRef<Integer> square = Fixtures.<Integer>electron("loggedSquare")
                .parameter("x", INT)
                .ignoredParameter("log", SINK)
                .returns(INT)
                .build(args -> {
                    runs.incrementAndGet();
                    ((PrintStream) args[1]).println("squaring " + args[0]);
                    return (Integer) args[0] * (Integer) args[0];
                });
        return Fixtures.lattice("logged", INT, (graph, in) -> graph.call(square, in.get(0), in.get(1)), INT, SINK);
    }

    @Test
    void callsThatDifferOnlyInAnIgnoredArgumentShareOneResult() {
        LatticeRef<Integer> lattice = logged();
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        finish(valence.dispatch(lattice.workflow(4, new PrintStream(first, true, StandardCharsets.UTF_8))));
        DispatchResult<Integer> again =
                finish(valence.dispatch(lattice.workflow(4, new PrintStream(second, true, StandardCharsets.UTF_8))));

        assertEquals(16, again.value());
        assertEquals(1, runs.get());
        assertEquals(NodeStatus.REUSED, again.node("loggedSquare").status());
        assertEquals("squaring 4", first.toString(StandardCharsets.UTF_8).strip(), "the sink reached the electron");
        assertEquals(0, second.size());

        // The keyed argument still decides.
        finish(valence.dispatch(lattice.workflow(5, new PrintStream(second, true, StandardCharsets.UTF_8))));
        assertEquals(2, runs.get());
    }

    @Test
    void anUnstorableInputThatOnlyFeedsIgnoredParametersIsNotStoredAndRedispatchAsksForInputs() {
        LatticeRef<Integer> lattice = logged();
        Dispatch<Integer> dispatch = valence.dispatch(
                lattice.workflow(3, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertEquals(9, finish(dispatch).value());
        assertTrue(valence.result(dispatch.id())
                .orElseThrow()
                .node("p1")
                .valueFingerprint()
                .isEmpty());

        ValenceException error = assertThrows(
                ValenceException.class, () -> valence.redispatch(dispatch).start());
        assertTrue(error.getMessage().contains("did not store its input 'p1'"), error.getMessage());
        assertTrue(error.getMessage().contains("withInputs"), error.getMessage());
    }
}
