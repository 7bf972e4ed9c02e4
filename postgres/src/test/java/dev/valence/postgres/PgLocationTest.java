package dev.valence.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.postgres.internal.PgLocation;
import org.junit.jupiter.api.Test;

/** What messages say of a JDBC URL: host, port and database, never the credentials. */
class PgLocationTest {
    @Test
    void aUrlIsDescribedByHostPortAndDatabaseOnly() {
        assertEquals("db:5432/valence", PgLocation.describe("jdbc:postgresql://db/valence?password=secret"));
        assertEquals("db:6000/valence", PgLocation.describe("jdbc:postgresql://db:6000/valence"));
        assertEquals(
                "a:5432,b:6000/valence", PgLocation.describe("jdbc:postgresql://a,b:6000/valence?user=x&password=y"));
        assertEquals("localhost:5432/valence", PgLocation.describe("jdbc:postgresql:valence"));
        assertEquals("db:5432/valence", PgLocation.describe("jdbc:postgresql://user:secret@db/valence"));
        assertFalse(
                PgLocation.describe("jdbc:postgresql://db/v?password=secret").contains("secret"));
    }

    @Test
    void parametersAreReadAndRemovedByName() {
        String url = "jdbc:postgresql://db/valence?user=u&password=p&currentSchema=s";
        assertEquals("s", PgLocation.parameter(url, "currentSchema"));
        assertNull(PgLocation.parameter("jdbc:postgresql://db/valence", "user"));
        assertEquals("jdbc:postgresql://db/valence?user=u&currentSchema=s", PgLocation.without(url, "password"));
        assertEquals("jdbc:postgresql://db/valence", PgLocation.without("jdbc:postgresql://db/valence?user=u", "user"));
    }

    @Test
    void onlyPostgresUrlsAreAccepted() {
        assertTrue(new PostgresStoreProvider().accepts("jdbc:postgresql://db/valence"));
        assertTrue(new PostgresStoreProvider().accepts("JDBC:POSTGRESQL://db/valence"));
        assertFalse(new PostgresStoreProvider().accepts("jdbc:mysql://db/valence"));
        assertFalse(new PostgresStoreProvider().accepts(".valence"));
    }
}
