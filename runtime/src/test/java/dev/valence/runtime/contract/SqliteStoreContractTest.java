package dev.valence.runtime.contract;

import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.ResultStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;

/** The store contract on the embedded SQLite store: a folder that other processes open too. */
class SqliteStoreContractTest extends StoreContract {
    private Path folder() {
        return work.resolve("store");
    }

    @Override
    protected ResultStore openStore() {
        return SqliteStore.open(folder());
    }

    @Override
    protected ResultStore reopen() {
        return SqliteStore.open(folder());
    }

    @Override
    protected Set<Capability> lacks() {
        return EnumSet.noneOf(Capability.class);
    }

    @Override
    protected void damageValue(String fingerprint) {
        try (Connection connection =
                        DriverManager.getConnection("jdbc:sqlite:" + folder().resolve(SqliteStore.DATABASE_FILE));
                PreparedStatement damage = connection.prepareStatement(
                        "UPDATE stored_values SET data = CAST('damaged' AS BLOB) WHERE fingerprint = ?")) {
            damage.setString(1, fingerprint);
            if (damage.executeUpdate() != 1) {
                throw new AssertionError("no value " + fingerprint + " to damage");
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    protected void damageBlob(String sha256) {
        Path blob = folder().resolve("blobs").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
        if (!blob.toFile().setWritable(true)) {
            throw new AssertionError("cannot make " + blob + " writable");
        }
        try (RandomAccessFile file = new RandomAccessFile(blob.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int old = file.read();
            file.seek(file.length() / 2);
            file.write(old ^ 0xff);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
