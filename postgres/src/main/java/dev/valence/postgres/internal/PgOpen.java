package dev.valence.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.valence.runtime.spi.store.StoreException;
import java.sql.SQLException;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * Opens the pool and brings the store's schema to this version's with Flyway (the migrations in
 * {@code db/valence-postgres}); Flyway holds a PostgreSQL advisory lock while it migrates, so
 * processes opening a new store at once create it once.
 */
public final class PgOpen {
    /** A schema name used unquoted in SQL: the store names it in {@code search_path}. */
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private PgOpen() {}

    /**
     * What to open.
     *
     * @param jdbcUrl the JDBC URL
     * @param user the user, or null for the URL's
     * @param password the password, or null for the URL's
     * @param schema the schema holding the store's tables
     * @param poolSize the most connections the process opens
     */
    public record Settings(String jdbcUrl, String user, String password, String schema, int poolSize) {}

    /**
     * @param settings what to open
     * @return the database, its schema migrated
     * @throws StoreException when the server cannot be reached, the login fails or the schema
     *     cannot be made; the message names the location and the fix
     */
    public static PgDatabase open(Settings settings) {
        String location = PgLocation.describe(settings.jdbcUrl()) + " (schema " + settings.schema() + ")";
        if (!SCHEMA.matcher(settings.schema()).matches()) {
            throw new StoreException(
                    "cannot open the store at " + location + ": the schema name must be lowercase letters, digits"
                            + " and underscores, starting with a letter",
                    null);
        }
        HikariConfig config = new HikariConfig();
        String url = settings.jdbcUrl();
        if (settings.user() != null) {
            url = PgLocation.without(url, "user");
            config.setUsername(settings.user());
        }
        if (settings.password() != null) {
            url = PgLocation.without(url, "password");
            config.setPassword(settings.password());
        }
        // The store's schema is set on each connection: the URL's own would otherwise win.
        config.setJdbcUrl(PgLocation.without(url, "currentSchema"));
        config.setPoolName("valence-postgres");
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(1);
        // Fail fast when the server is down: the store's own retries wait for a restart instead.
        config.setConnectionTimeout(5000);
        config.setConnectionInitSql("SET search_path TO " + settings.schema());
        // One multi-row INSERT per JDBC batch: the group commit's batches cost one round trip each.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        config.addDataSourceProperty("ApplicationName", "valence");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            Exception cause = e.getCause() instanceof Exception sql ? sql : e;
            throw PgFailures.of(location, "open the store", cause);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the store at " + location + ": " + e.getMessage(), e);
        }
        try {
            migrate(pool, settings.schema(), location);
        } catch (StoreException e) {
            pool.close();
            throw e;
        } catch (FlywayException e) {
            pool.close();
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof SQLException)) {
                cause = cause.getCause();
            }
            if (cause instanceof SQLException sql) {
                throw PgFailures.of(location, "create or migrate the store's schema", sql);
            }
            throw new StoreException(
                    "cannot create or migrate the store's schema at " + location + ": " + e.getMessage()
                            + "; check that the user may create the schema, or create it for the user",
                    e);
        }
        return new PgDatabase(pool, location, settings.schema());
    }

    private static void migrate(HikariDataSource pool, String schema, String location) {
        Flyway flyway = Flyway.configure(PgOpen.class.getClassLoader())
                .dataSource(pool)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table("valence_schema_history")
                .locations("classpath:db/valence-postgres")
                .load();
        refuseNewerSchema(flyway, location);
        flyway.migrate();
    }

    /**
     * Flyway ignores migrations applied by a newer version by default; this version would then
     * write rows a newer schema may read otherwise, so it refuses and names the fix instead.
     */
    private static void refuseNewerSchema(Flyway flyway, String location) {
        MigrationInfo newest = null;
        for (MigrationInfo applied : flyway.info().applied()) {
            if (applied.getState() == MigrationState.FUTURE_SUCCESS
                    || applied.getState() == MigrationState.FUTURE_FAILED) {
                newest = applied;
            }
        }
        if (newest != null) {
            throw new StoreException(
                    "the store's schema at " + location + " is at version " + newest.getVersion() + " ("
                            + newest.getDescription() + "), newer than this valence-postgres knows: a newer Valence"
                            + " migrated it; run the same or a newer Valence in every process that shares the store",
                    null);
        }
    }
}
