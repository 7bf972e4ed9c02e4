package dev.valence.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.Coordination;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fencing tokens of the SQLite store's leases: they move on exactly when a lease changes hands. */
class FencingTokenTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path folder;

    @Test
    void aTokenGrowsWhenTheLeaseChangesHandsAndNeverGoesBack() {
        try (SqliteStore store = SqliteStore.open(folder)) {
            Coordination leases = store.coordination();
            assertEquals(0, leases.tokenIfFree("k", "a"), "a key never leased is free at token 0");
            assertTrue(leases.tokenIs("k", 0));

            assertEquals(1, leases.takeLease("k", "a", T0, T0.plusSeconds(1)));
            assertEquals(1, leases.takeLease("k", "a", T0, T0.plusSeconds(2)), "renewing keeps the token");
            assertEquals(1, leases.tokenIfFree("k", "a"), "the holder sees its own lease as free");
            assertEquals(-1, leases.tokenIfFree("k", "b"), "another owner's lease row is not free");
            assertEquals(-1, leases.takeLease("k", "b", T0.plusSeconds(1), T0.plusSeconds(5)), "unexpired");
            assertTrue(leases.tokenIs("k", 1), "a refused take moves nothing");

            assertEquals(2, leases.takeLease("k", "b", T0.plusSeconds(3), T0.plusSeconds(5)), "taken over");
            assertFalse(leases.tokenIs("k", 1), "the old holder is fenced out");
            assertFalse(leases.tryLease("k", "a", T0.plusSeconds(3), T0.plusSeconds(6)), "and cannot take it back");

            leases.releaseLease("k", "b");
            assertEquals(2, leases.tokenIfFree("k", "a"), "the token outlives the lease");
            assertEquals(3, leases.takeLease("k", "b", T0.plusSeconds(4), T0.plusSeconds(6)), "a new take moves on");
            assertTrue(leases.tokenIs("other", 0), "tokens are per key");
        }
    }
}
