package dev.valence.postgres;

import dev.valence.postgres.internal.PgLocation;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreProvider;

/**
 * Opens {@code jdbc:postgresql:} locations as {@link PostgresStore}s, so that {@code
 * Stores.open(url)} and every {@code --store} option take them once this module is on the class
 * path. Listed in {@code META-INF/services}.
 */
public final class PostgresStoreProvider implements StoreProvider {
    /** Found by {@link java.util.ServiceLoader}. */
    public PostgresStoreProvider() {}

    @Override
    public boolean accepts(String location) {
        return PgLocation.accepts(location);
    }

    @Override
    public ResultStore open(String location) {
        return PostgresStore.open(location);
    }

    @Override
    public String locationForm() {
        return "jdbc:postgresql://host:port/database (module valence-postgres)";
    }
}
