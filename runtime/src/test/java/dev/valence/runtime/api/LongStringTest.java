package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.STRING;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: what Valence stores it must read back. Before, a 30,000,000-character string was
 * written as JSON that Jackson's default read limit (20,000,000 characters) refused in every later
 * process: computed again and written again, forever.
 */
class LongStringTest {
    private static final int LENGTH = 30_000_000;

    @TempDir
    Path folder;

    private ValueCases cases;

    @BeforeEach
    void cases() {
        cases = new ValueCases(folder);
    }

    @Test
    void aStringLongerThanJacksonsDefaultReadLimitIsReusedByALaterProcess() {
        ElectronRef<String> repeat = cases.electron("repeat", INT, STRING, n -> "x".repeat((Integer) n));
        LatticeRef<String> lattice = ValueCases.around(repeat, INT, STRING);
        try (Valence valence = Valence.open(folder)) {
            assertEquals(
                    LENGTH,
                    finish(valence.dispatch(lattice.workflow(LENGTH))).value().length());
        }
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<String> again = finish(valence.dispatch(lattice.workflow(LENGTH)));
            assertEquals(NodeStatus.REUSED, again.node("repeat").status(), again::toString);
            assertEquals("x".repeat(LENGTH), again.value());
        }
        assertEquals(1, cases.runs.get());
    }
}
