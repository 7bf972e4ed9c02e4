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
 * Issue 12: a string with a lone surrogate is a value of its own. Before, strings were hashed as
 * UTF-8, which turns a lone surrogate into {@code '?'}: {@code "\uD800"} and {@code "?"} had one key.
 */
class LoneSurrogateTest {
    @TempDir
    Path folder;

    private ValueCases cases;

    @BeforeEach
    void cases() {
        cases = new ValueCases(folder);
    }

    @Test
    void aLoneSurrogateIsNotAQuestionMark() {
        ElectronRef<Integer> codeUnit = cases.electron("codeUnit", STRING, INT, s -> (int) ((String) s).charAt(0));
        cases.assertRunsAgain(ValueCases.around(codeUnit, STRING, INT), "\uD800", "?", (int) '?');
    }

    /** The stored form keeps lone surrogates too (JSON writes them as escapes), read by a new process. */
    @Test
    void aLoneSurrogateIsStoredExactly() {
        ElectronRef<String> echo = cases.electron("echo", STRING, STRING, s -> s + "\uDC00");
        LatticeRef<String> lattice = ValueCases.around(echo, STRING, STRING);
        try (Valence valence = Valence.open(folder)) {
            finish(valence.dispatch(lattice.workflow("\uD800x")));
        }
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<String> again = finish(valence.dispatch(lattice.workflow("\uD800x")));
            assertEquals(NodeStatus.REUSED, again.node("echo").status(), again::toString);
            assertEquals("\uD800x\uDC00", again.value());
        }
        assertEquals(1, cases.runs.get());
    }
}
