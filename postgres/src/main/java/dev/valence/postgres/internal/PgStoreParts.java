package dev.valence.postgres.internal;

import dev.valence.runtime.internal.store.FileBlobStore;
import dev.valence.runtime.internal.store.ScratchFolders;
import dev.valence.runtime.spi.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The PostgreSQL store's roles, made and closed together: one {@link PgDatabase} shared by every
 * role, the committer thread, the blob area and this process's scratch folder.
 */
public final class PgStoreParts {
    private final PgDatabase database;
    private final Committer committer;
    private final PgCoordination coordination;
    private final PgDispatchLog dispatchLog;
    private final PgResultIndex resultIndex;
    private final PgValues values;
    private final BlobArea blobs;
    private final PgHousekeeping housekeeping;
    private final ScratchFolders scratch;

    private PgStoreParts(PgDatabase database, Path cache, Path blobFolder) {
        this.database = database;
        this.committer = new Committer(database);
        this.coordination = new PgCoordination(database);
        this.dispatchLog = new PgDispatchLog(database, committer, coordination::owner);
        this.resultIndex = new PgResultIndex(database, committer);
        this.blobs = blobFolder == null ? new PgBlobStore(database, cache) : BlobArea.of(new FileBlobStore(blobFolder));
        this.values = new PgValues(database, committer, blobs.store());
        this.housekeeping = new PgHousekeeping(database, committer, blobs, blobFolder == null);
        // Swept by the next process that opens a store with the same cache folder after this one died.
        this.scratch = ScratchFolders.open(cache);
    }

    /**
     * Opens the database and makes the roles.
     *
     * @param settings what to open
     * @param cacheFolder the local cache folder, or null for one per store in the system's temp folder
     * @param blobFolder a shared folder for blobs, or null to keep them in the database
     * @return the parts, the committer running
     */
    public static PgStoreParts open(PgOpen.Settings settings, Path cacheFolder, Path blobFolder) {
        PgDatabase database = PgOpen.open(settings);
        try {
            Path cache = cacheFolder != null ? cacheFolder : defaultCache(database.location());
            Files.createDirectories(cache);
            PgStoreParts parts = new PgStoreParts(database, cache.toAbsolutePath(), blobFolder);
            parts.committer.start();
            return parts;
        } catch (IOException | RuntimeException e) {
            database.close();
            throw e instanceof StoreException store
                    ? store
                    : new StoreException(
                            "cannot create the local cache folder of the store at " + database.location() + ": " + e,
                            e);
        }
    }

    /** A folder per store (location and schema) in the system's temp folder, shared by its processes here. */
    private static Path defaultCache(String location) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
            return Path.of(System.getProperty("java.io.tmpdir"))
                    .resolve("valence-postgres")
                    .resolve(HexFormat.of().formatHex(hash, 0, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** @return the connections */
    public PgDatabase database() {
        return database;
    }

    /** @return the dispatch log */
    public PgDispatchLog dispatchLog() {
        return dispatchLog;
    }

    /** @return the key index */
    public PgResultIndex resultIndex() {
        return resultIndex;
    }

    /** @return the values */
    public PgValues values() {
        return values;
    }

    /** @return the blob area */
    public BlobArea blobs() {
        return blobs;
    }

    /** @return presence and leases */
    public PgCoordination coordination() {
        return coordination;
    }

    /** @return space management */
    public PgHousekeeping housekeeping() {
        return housekeeping;
    }

    /** @return this process's scratch space */
    public ScratchFolders scratch() {
        return scratch;
    }

    /** Writes what is pending, deletes the scratch folder and closes the pool; reports a deferred write that failed. */
    public void close() {
        if (!committer.close()) {
            return;
        }
        try {
            scratch.close();
        } finally {
            database.close();
        }
        committer.throwLastFailure();
    }
}
