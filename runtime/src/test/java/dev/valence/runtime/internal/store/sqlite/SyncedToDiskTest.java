package dev.valence.runtime.internal.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.CheckpointMode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CheckpointMode#syncedToDisk()} keeps its mode's timing and opens the database with every
 * commit flushed ({@code synchronous=FULL}); the plain modes stay {@code NORMAL}.
 */
class SyncedToDiskTest {
    private static final int NORMAL = 1;
    private static final int FULL = 2;

    @TempDir
    Path folder;

    @Test
    void aSyncedModeOpensTheDatabaseWithEveryCommitFlushed() {
        try (SqliteStore store = SqliteStore.open(folder.resolve("synced"), CheckpointMode.EACH_NODE.syncedToDisk())) {
            assertEquals(FULL, store.synchronousLevel());
            assertTrue(store.mode().isEachNode(), "still commits each node at once");
            assertTrue(store.mode().isSyncedToDisk());
        }
        try (SqliteStore store = SqliteStore.open(folder.resolve("plain"), CheckpointMode.EACH_NODE)) {
            assertEquals(NORMAL, store.synchronousLevel());
            assertFalse(store.mode().isSyncedToDisk());
        }
    }

    @Test
    void syncingKeepsEachModesTiming() {
        CheckpointMode periodic = CheckpointMode.every(Duration.ofMillis(50)).syncedToDisk();
        assertEquals(Duration.ofMillis(50), periodic.interval());
        assertFalse(periodic.isEachNode());
        assertTrue(CheckpointMode.END_OF_DISPATCH.syncedToDisk().isEndOfDispatch());
        assertFalse(CheckpointMode.ON_REQUEST.syncedToDisk().isEndOfDispatch());
        assertEquals(null, CheckpointMode.ON_REQUEST.syncedToDisk().interval());
        CheckpointMode synced = CheckpointMode.EACH_NODE.syncedToDisk();
        assertSame(synced, synced.syncedToDisk());
        assertEquals("each-node, synced to disk", synced.toString());
    }
}
