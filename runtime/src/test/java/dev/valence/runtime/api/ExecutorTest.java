package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.STRING;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Electrons run on the executor they name; a name nobody registered is refused up front. */
class ExecutorTest {
    @TempDir
    Path folder;

    private final AtomicInteger runs = new AtomicInteger();

    /** Returns the name of the thread it ran on. */
    private final ElectronRef<String> threadName = Fixtures.<String>electron("threadName")
            .parameter("tag", STRING)
            .returns(STRING)
            .executor("io")
            .build(args -> {
                runs.incrementAndGet();
                return args[0] + "@" + Thread.currentThread().getName();
            });

    private final ElectronRef<String> onDefault = Fixtures.<String>electron("onDefault")
            .parameter("tag", STRING)
            .returns(STRING)
            .build(args -> args[0] + "@" + Thread.currentThread().getName());

    private final LatticeRef<String> lattice = Fixtures.lattice(
            "threads", STRING, (graph, in) -> graph.call(onDefault, graph.call(threadName, in.get(0))), STRING);

    @Test
    void anUnregisteredExecutorFailsTheDispatchBeforeAnythingIsRecorded() {
        try (Valence valence = Valence.open(folder)) {
            ValenceException error =
                    assertThrows(ValenceException.class, () -> valence.dispatch(lattice.workflow("t")));

            assertTrue(error.getMessage().contains("io (electron threadName)"), error.getMessage());
            assertTrue(error.getMessage().contains("Valence.builder().executor"), error.getMessage());
            assertEquals(List.of(), valence.dispatches());
            assertEquals(0, runs.get());
        }
    }

    @Test
    void aRegisteredExecutorRunsItsElectrons() {
        ExecutorService io = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-io-thread"));
        try {
            try (Valence valence =
                    Valence.builder().folder(folder).executor("io", io).open()) {
                DispatchResult<String> result = finish(valence.dispatch(lattice.workflow("t")));

                assertEquals("t@test-io-thread", result.node("threadName").value());
                String value = result.value();
                assertTrue(value.startsWith("t@test-io-thread@valence-worker-"), value);
                assertEquals(1, runs.get());
            }
            assertFalse(io.isShutdown(), "the caller owns a named executor: closing Valence leaves it running");
        } finally {
            io.shutdownNow();
        }
    }

    @Test
    void anExecutorNeedsANameAndThePoolAThread() {
        assertThrows(IllegalArgumentException.class, () -> Valence.builder().executor("", Runnable::run));
        assertThrows(IllegalArgumentException.class, () -> Valence.builder().threads(0));
    }
}
