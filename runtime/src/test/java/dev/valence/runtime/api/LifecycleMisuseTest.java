package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.CheckpointMode;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceBuilder;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.store.InMemoryStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses of the API that cannot work say so, naming the cause and the fix. */
class LifecycleMisuseTest {
    @TempDir
    Path folder;

    @Test
    void aCheckpointModeWithAGivenStoreIsRefusedAtOpen() {
        ValenceBuilder builder = Valence.builder().store(new InMemoryStore()).checkpoint(CheckpointMode.ON_REQUEST);

        IllegalStateException refused = assertThrows(IllegalStateException.class, builder::open);

        String message = refused.getMessage();
        assertTrue(message.contains("checkpoint(on-request) cannot be combined with store("), message);
        assertTrue(message.contains("checkpoint modes belong to the embedded store"), message);
        assertTrue(message.contains("remove checkpoint(...)"), message);
    }

    @Test
    void aCheckpointModeAloneStillOpensTheEmbeddedStore() {
        try (Valence valence = Valence.builder()
                .folder(folder)
                .checkpoint(CheckpointMode.ON_REQUEST)
                .open()) {
            valence.checkpoint();
        }
    }

    @Test
    void aValueReadAfterCloseSaysTheInstanceIsClosed() {
        ElectronRef<Integer> twice = Fixtures.<Integer>electron("twice")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> 2 * (Integer) args[0]);
        LatticeRef<Integer> lattice =
                Fixtures.lattice("closedRead", INT, (graph, in) -> graph.call(twice, in.get(0)), INT);
        NodeResult node;
        DispatchResult<Integer> result;
        try (Valence valence = Valence.open(folder)) {
            result = finish(valence.dispatch(lattice.workflow(21)));
            node = result.node("twice");
        }

        ValenceException refused = assertThrows(ValenceException.class, node::value);
        assertTrue(refused.getMessage().startsWith("this Valence instance is closed; "), refused.getMessage());
        ValenceException alsoRefused = assertThrows(ValenceException.class, result::value);
        assertEquals(refused.getMessage(), alsoRefused.getMessage());
    }
}
