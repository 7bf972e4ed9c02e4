package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database file damaged on disk (its b-tree pages overwritten after the store was closed) is
 * reported as one clear message naming the store and SQLite's diagnosis, instead of the driver's
 * "statement is not executing" on a statement left mid-way by the first error.
 */
class DamagedDatabaseTest {
    private static final String INT = "java.lang.Integer";
    private static final String STRING = "java.lang.String";

    @TempDir
    Path folder;

    private final ElectronRef<String> text = Fixtures.<String>electron("text")
            .parameter("n", INT)
            .returns(STRING)
            .build(args -> "value " + args[0] + " " + "x".repeat(2_000));

    private final LatticeRef<String> lattice =
            Fixtures.lattice("damaged", STRING, (graph, in) -> graph.call(text, in.get(0)), INT);

    @Test
    void aDamagedPageIsReportedAsADamagedStore() throws Exception {
        Path store = folder.resolve("store");
        try (Valence valence = Valence.open(store)) {
            for (int i = 0; i < 40; i++) {
                assertEquals(
                        DispatchStatus.COMPLETED,
                        finish(valence.dispatch(lattice.workflow(i))).status());
            }
        }
        // Overwrite the middle half of the file (never page 1, the schema) with garbage.
        try (RandomAccessFile file =
                new RandomAccessFile(store.resolve(SqliteStore.DATABASE_FILE).toFile(), "rw")) {
            long length = file.length();
            byte[] garbage = new byte[(int) (length / 2)];
            Arrays.fill(garbage, (byte) 0x5A);
            file.seek(Math.max(8192, length / 4));
            file.write(garbage);
        }

        RuntimeException error = assertThrows(RuntimeException.class, () -> {
            try (Valence valence = Valence.open(store)) {
                valence.dispatches()
                        .forEach(summary ->
                                valence.result(summary.id()).orElseThrow().value());
            }
        });
        String expected =
                "the store at " + store.toAbsolutePath() + " is damaged (SQLite: database disk image is malformed); ";
        assertTrue(String.valueOf(error.getMessage()).contains(expected), describe(error));
        assertTrue(!describe(error).contains("statement is not executing"), describe(error));
    }

    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            text.append(cause).append(" <- ");
            for (Throwable suppressed : cause.getSuppressed()) {
                text.append("[suppressed ").append(suppressed).append("] ");
            }
        }
        return text.toString();
    }
}
