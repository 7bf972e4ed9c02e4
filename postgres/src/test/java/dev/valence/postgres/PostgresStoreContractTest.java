package dev.valence.postgres;

import dev.valence.runtime.contract.StoreContract;
import dev.valence.runtime.spi.store.ResultStore;
import java.util.EnumSet;
import java.util.Set;

/** The store contract on the PostgreSQL store, each test on a schema of its own. */
class PostgresStoreContractTest extends StoreContract {
    protected TestDatabase database;
    private int openings;

    @Override
    protected ResultStore openStore() {
        database = TestDatabase.fresh();
        return open();
    }

    /** Another opening with a cache folder of its own, as another machine's process. */
    @Override
    protected ResultStore reopen() {
        return open();
    }

    /** @return an opening of the test's schema with a cache folder of its own */
    protected ResultStore open() {
        return database.open(work.resolve("cache-" + openings++));
    }

    @Override
    protected Set<Capability> lacks() {
        return EnumSet.noneOf(Capability.class);
    }

    @Override
    protected void damageValue(String fingerprint) {
        database.execute("UPDATE stored_values SET data = 'damaged'::bytea WHERE fingerprint = '" + fingerprint + "'");
    }

    @Override
    protected void damageBlob(String sha256) {
        database.execute("UPDATE blob_chunks SET data = set_byte(data, 10, 255 - get_byte(data, 10))"
                + " WHERE sha256 = '" + sha256 + "' AND chunk = 1");
    }

    @Override
    protected void afterStores() {
        if (database != null) {
            database.drop();
        }
    }
}
