package dev.valence.runtime.api;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Stores;
import dev.valence.runtime.internal.store.InMemoryStore;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {
    @TempDir
    Path temp;

    @Test
    void aFolderOpensTheEmbeddedStore() {
        Path folder = temp.resolve("store");
        try (ResultStore store = Stores.open(folder.toString())) {
            assertInstanceOf(SqliteStore.class, store);
        }
        assertTrue(Files.isRegularFile(folder.resolve(SqliteStore.DATABASE_FILE)));
    }

    @Test
    void aUrlGoesToTheProviderThatAcceptsIt() {
        try (ResultStore store = Stores.open("memory-test:one")) {
            assertInstanceOf(InMemoryStore.class, store);
        }
    }

    @Test
    void aUrlNoProviderAcceptsNamesTheSchemeAndTheModulesThere() {
        StoreException error =
                assertThrows(StoreException.class, () -> Stores.open("jdbc:postgresql://localhost/valence"));
        assertTrue(error.getMessage().contains("'jdbc:' locations"), error.getMessage());
        assertTrue(error.getMessage().contains("memory-test:NAME"), error.getMessage());
        assertTrue(error.getMessage().contains("valence-postgres"), error.getMessage());
    }

    @Test
    void anEmptyLocationIsRefused() {
        StoreException error = assertThrows(StoreException.class, () -> Stores.open(" "));
        assertTrue(error.getMessage().contains("empty"), error.getMessage());
    }
}
