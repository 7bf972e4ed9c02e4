package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fingerprint rules reach dispatches: user adapters, and declared types checked before anything runs. */
class FingerprintWiringTest {
    @TempDir
    Path folder;

    /** Tags whose order does not matter; Jackson sees an ordered list, so only an adapter knows better. */
    public static final class Tags {
        public List<String> names;

        public Tags() {}

        Tags(String... names) {
            this.names = List.of(names);
        }
    }

    private static final String TAGS = Tags.class.getName();

    @Test
    void aUserAdapterDecidesWhenTwoValuesAreTheSame() {
        AtomicInteger runs = new AtomicInteger();
        ElectronRef<Integer> count = Fixtures.<Integer>electron("countTags")
                .parameter("tags", TAGS)
                .returns(INT)
                .build(args -> {
                    runs.incrementAndGet();
                    return ((Tags) args[0]).names.size();
                });
        LatticeRef<Integer> lattice =
                Fixtures.lattice("tagged", INT, (graph, in) -> graph.call(count, in.get(0)), TAGS);
        try (Valence valence = Valence.builder()
                .folder(folder)
                .fingerprint(Tags.class, tags -> new TreeSet<>(tags.names))
                .open()) {
            finish(valence.dispatch(lattice.workflow(new Tags("b", "a"))));
            assertEquals(
                    NodeStatus.REUSED,
                    finish(valence.dispatch(lattice.workflow(new Tags("a", "b"))))
                            .node("countTags")
                            .status());
            assertEquals(1, runs.get());
        }
    }

    @Test
    void anElectronWhoseResultTypeCannotBeFingerprintedIsRefusedBeforeAnythingRuns() {
        AtomicInteger runs = new AtomicInteger();
        ElectronRef<Thread> spawn = Fixtures.<Thread>electron("spawn")
                .parameter("x", INT)
                .returns("java.lang.Thread")
                .build(args -> {
                    runs.incrementAndGet();
                    return new Thread();
                });
        LatticeRef<Thread> lattice =
                Fixtures.lattice("spawning", "java.lang.Thread", (graph, in) -> graph.call(spawn, in.get(0)), INT);
        try (Valence valence = Valence.open(folder)) {
            ValenceException error = assertThrows(ValenceException.class, () -> valence.dispatch(lattice.workflow(1)));
            assertTrue(error.getMessage().contains("the result of electron 'spawn'"), error.getMessage());
            assertTrue(error.getMessage().contains("java.lang.Thread"), error.getMessage());
            assertTrue(error.getMessage().contains("FingerprintAdapter"), error.getMessage());
            assertEquals(0, runs.get());
            assertTrue(valence.dispatches().isEmpty(), "nothing was recorded");
        }
    }
}
