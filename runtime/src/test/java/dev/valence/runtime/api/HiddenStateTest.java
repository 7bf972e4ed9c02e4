package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a bean whose state Jackson sees only in part. Before, it was fingerprinted and stored by
 * its visible properties: {@code secret(new Hidden("x", 2))} returned the result of {@code
 * Hidden("x", 1)}, and a value rebuilt from the store had {@code y = 0}.
 */
class HiddenStateTest {
    @TempDir
    Path folder;

    private ValueCases cases;

    @BeforeEach
    void cases() {
        cases = new ValueCases(folder);
    }

    /** {@code y} has no getter: Jackson neither writes nor reads it. */
    public static final class Hidden {
        public String x;
        private int y;

        public Hidden() {}

        Hidden(String x, int y) {
            this.x = x;
            this.y = y;
        }

        int y() {
            return y;
        }
    }

    @Test
    void aBeanWithStateJacksonDoesNotSeeIsRefusedAtDispatch() {
        String type = Hidden.class.getName();
        ElectronRef<Integer> secret = cases.electron("secret", type, INT, pojo -> ((Hidden) pojo).y());
        LatticeRef<Integer> lattice = ValueCases.around(secret, type, INT);
        try (Valence valence = Valence.open(folder)) {
            ValenceException refused =
                    assertThrows(ValenceException.class, () -> valence.dispatch(lattice.workflow(new Hidden("x", 1))));
            String message = refused.getMessage();
            assertTrue(message.contains(type), message);
            assertTrue(message.contains("'y'"), message);
            assertTrue(message.contains("record"), message);
            assertTrue(message.contains("FingerprintAdapter"), message);
            assertEquals(0, cases.runs.get());
            assertEquals(List.of(), valence.dispatches());
        }
    }

    /** The same, but Serializable: its serialized form holds all its state, for the key and the store. */
    public static final class SerializableHidden implements Serializable {
        private static final long serialVersionUID = 1L;
        public String x;
        private int y;

        public SerializableHidden() {}

        SerializableHidden(String x, int y) {
            this.x = x;
            this.y = y;
        }

        int y() {
            return y;
        }
    }

    @Test
    void aSerializableBeanWithHiddenStateCountsWholeAndReadsBackWhole() {
        String type = SerializableHidden.class.getName();
        ElectronRef<Integer> secret =
                cases.electron("serialSecret", type, INT, pojo -> ((SerializableHidden) pojo).y());
        LatticeRef<Integer> lattice = ValueCases.around(secret, type, INT);
        cases.assertRunsAgain(lattice, new SerializableHidden("x", 1), new SerializableHidden("x", 2), 2);
        try (Valence valence = Valence.open(folder)) {
            String id = finish(valence.dispatch(lattice.workflow(new SerializableHidden("x", 2))))
                    .id();
            // Rebuilt from the store with y = 2, not 0: the same key, so reused, and the same answer.
            DispatchResult<Object> again = finish(valence.redispatch(id).start());
            assertEquals(NodeStatus.REUSED, again.node("serialSecret").status(), again::toString);
            assertEquals(2, again.value());
        }
        assertEquals(2, cases.runs.get());
    }
}
