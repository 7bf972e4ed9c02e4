package dev.valence.postgres;

import dev.valence.postgres.internal.PgLocation;
import dev.valence.postgres.internal.PgOpen;
import dev.valence.postgres.internal.PgStoreParts;
import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.Coordination;
import dev.valence.runtime.spi.store.DispatchLog;
import dev.valence.runtime.spi.store.FreeKey;
import dev.valence.runtime.spi.store.Housekeeping;
import dev.valence.runtime.spi.store.ResultIndex;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.ValueStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A result store in a PostgreSQL database, which several processes on several machines share:
 * dispatches, nodes, the key index, values and blobs are rows of one schema, presence and leases
 * let the processes run each identical node once, and a redispatch from any of them reuses what
 * the others stored.
 *
 * <pre>{@code
 * Valence valence = Valence.builder()
 *         .store(PostgresStore.open("jdbc:postgresql://db:5432/valence?user=valence&password=secret"))
 *         .open();
 * }</pre>
 *
 * <p>Node ends are written by a group commit: those accepted while a commit runs share the next
 * one, in one transaction. A node's record is visible to this process at once and durable when its
 * future completes. A transient failure (a connection reset while the server restarts) is retried
 * for a while on a fresh connection; every write is idempotent, so a retry never records twice.
 * The schema is created and migrated on open.
 */
public final class PostgresStore implements ResultStore {
    /** The schema the store's tables live in unless the URL ({@code currentSchema}) or the builder names one. */
    public static final String DEFAULT_SCHEMA = "valence";

    private final PgStoreParts parts;

    private PostgresStore(PgStoreParts parts) {
        this.parts = parts;
    }

    /**
     * Opens the store at a JDBC URL with the default options, creating or migrating its schema.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database}, with {@code user} and {@code
     *     password} parameters when the server needs them
     * @return the open store; the caller (or the {@code Valence} it is given to) closes it
     * @throws StoreException when the server cannot be reached or the schema cannot be made; the
     *     message names the location (never the password) and the fix
     */
    public static PostgresStore open(String jdbcUrl) {
        return builder(jdbcUrl).open();
    }

    /**
     * Starts the options of a store.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/database}
     * @return a builder
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /** @return where the store is: host, port, database and schema, without credentials */
    public String location() {
        return parts.database().location();
    }

    @Override
    public DispatchLog dispatchLog() {
        return parts.dispatchLog();
    }

    @Override
    public ResultIndex resultIndex() {
        return parts.resultIndex();
    }

    @Override
    public ValueStore values() {
        return parts.values();
    }

    /** Blobs are rows of the database, or files of the shared folder given to {@link Builder#blobFolder}. */
    @Override
    public BlobStore blobs() {
        return parts.blobs().store();
    }

    @Override
    public Coordination coordination() {
        return parts.coordination();
    }

    /** The lease row and the key's result in one round trip (one dispatch's results: the default's two). */
    @Override
    public Optional<FreeKey> lookupIfFree(String cacheKey, String owner, String fromDispatch) {
        if (fromDispatch != null) {
            return ResultStore.super.lookupIfFree(cacheKey, owner, fromDispatch);
        }
        return parts.resultIndex().lookupIfFree(cacheKey, owner);
    }

    @Override
    public Optional<Housekeeping> housekeeping() {
        return Optional.of(parts.housekeeping());
    }

    /** A folder of this process in the local cache folder, deleted when the store closes. */
    @Override
    public Optional<Path> scratchFolder() {
        return Optional.of(parts.scratch().folder());
    }

    /** Writes what is pending, then closes the pool; reports a deferred write that failed. */
    @Override
    public void close() {
        parts.close();
    }

    @Override
    public String toString() {
        return "the PostgreSQL store at " + location();
    }

    /** The options of a {@link PostgresStore}. */
    public static final class Builder {
        private final String jdbcUrl;
        private String user;
        private String password;
        private String schema;
        private int poolSize = 10;
        private Path cacheFolder;
        private Path blobFolder;

        private Builder(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!PgLocation.accepts(jdbcUrl)) {
                throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): '"
                        + PgLocation.describe(jdbcUrl) + "'");
            }
            this.jdbcUrl = jdbcUrl;
        }

        /**
         * @param user the database user, instead of the URL's {@code user} parameter
         * @return this builder
         */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user, "user");
            return this;
        }

        /**
         * @param password the user's password, instead of the URL's {@code password} parameter
         * @return this builder
         */
        public Builder password(String password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * @param schema the schema holding the store's tables (lowercase letters, digits and
         *     underscores), created if missing; default the URL's {@code currentSchema}, else
         *     {@value PostgresStore#DEFAULT_SCHEMA}. Two schemas are two separate stores.
         * @return this builder
         */
        public Builder schema(String schema) {
            this.schema = Objects.requireNonNull(schema, "schema");
            return this;
        }

        /**
         * @param connections the most connections this process opens, at least 2 (the committer
         *     holds one while it writes); default 10
         * @return this builder
         */
        public Builder poolSize(int connections) {
            if (connections < 2) {
                throw new IllegalArgumentException("the pool needs at least 2 connections, got " + connections);
            }
            this.poolSize = connections;
            return this;
        }

        /**
         * @param folder the local folder for files made from blobs for programs and for this
         *     process's scratch space; default a folder per store in the system's temp folder
         * @return this builder
         */
        public Builder cacheFolder(Path folder) {
            this.cacheFolder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /**
         * Keeps blobs as files in a folder every machine sharing the store mounts (a network file
         * system), instead of rows of the database: cheaper for large command outputs.
         *
         * @param folder the shared folder
         * @return this builder
         */
        public Builder blobFolder(Path folder) {
            this.blobFolder = Objects.requireNonNull(folder, "folder");
            return this;
        }

        /**
         * Opens the store, creating or migrating its schema.
         *
         * @return the open store
         * @throws StoreException when the server cannot be reached or the schema cannot be made
         */
        public PostgresStore open() {
            String chosen = schema != null ? schema : PgLocation.parameter(jdbcUrl, "currentSchema");
            PgOpen.Settings settings =
                    new PgOpen.Settings(jdbcUrl, user, password, chosen != null ? chosen : DEFAULT_SCHEMA, poolSize);
            return new PostgresStore(PgStoreParts.open(settings, cacheFolder, blobFolder));
        }
    }
}
