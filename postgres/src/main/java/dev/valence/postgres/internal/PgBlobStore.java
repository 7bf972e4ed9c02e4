package dev.valence.postgres.internal;

import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blobs in the database, so that every machine sharing the store reads them: a row per blob in
 * {@code blobs} and its bytes in chunks of {@link #CHUNK} in {@code blob_chunks}, written in one
 * transaction (so a crash leaves either no blob or the whole blob). Bytes are streamed a chunk at a
 * time, never held whole. A blob is hashed before it is sent (a file handed over, or a stream
 * spooled to a local file first), so content already stored is not sent again and a retry after a
 * lost connection sends the same bytes again.
 *
 * <p>A blob is trusted by its content: before its first use by this process its chunks are hashed
 * in one pass and compared with its name; a damaged blob is refused and replaced by the next put of
 * its content. Files for programs ({@link #materialize}) are made in a local cache folder.
 */
public final class PgBlobStore implements BlobStore, BlobArea {
    /** The size of one chunk row: large enough for few round trips, small enough for the driver's buffers. */
    static final int CHUNK = 1 << 20;

    private final PgDatabase database;
    /** Where files are made for programs, and streams spooled before they are sent. */
    private final Path cache;
    /** Blobs this process wrote or hashed and found whole: a blob never changes once stored. */
    private final Set<String> intact = ConcurrentHashMap.newKeySet();

    PgBlobStore(PgDatabase database, Path cache) {
        this.database = database;
        this.cache = cache;
    }

    @Override
    public BlobStore store() {
        return this;
    }

    @Override
    public BlobRef put(Path file) {
        try {
            BlobRef ref = new BlobRef(hashOf(file), Files.size(file));
            upload(file, ref);
            Files.deleteIfExists(file);
            return ref;
        } catch (IOException e) {
            throw new StoreException("cannot store the file " + file + " as a blob: " + e, e);
        }
    }

    @Override
    public BlobRef put(InputStream content) {
        Path spool = spoolFile();
        try {
            MessageDigest digest = sha256();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(spool, StandardOpenOption.CREATE_NEW)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = content.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            BlobRef ref = new BlobRef(HexFormat.of().formatHex(digest.digest()), size);
            upload(spool, ref);
            return ref;
        } catch (IOException e) {
            throw new StoreException("cannot read the bytes of a blob to store: " + e, e);
        } finally {
            deleteQuietly(spool);
        }
    }

    /** Sends a file's chunks unless the same content is stored whole; replaces a damaged copy. */
    private void upload(Path file, BlobRef ref) {
        if (isIntact(ref.sha256())) {
            return;
        }
        database.write("store the blob " + ref.sha256(), connection -> {
            delete(connection, ref.sha256());
            int chunks = 0;
            try (InputStream in = Files.newInputStream(file);
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO blob_chunks (sha256, chunk, data) VALUES (?, ?, ?)")) {
                byte[] buffer = new byte[CHUNK];
                for (int n; (n = in.readNBytes(buffer, 0, CHUNK)) > 0; chunks++) {
                    insert.setString(1, ref.sha256());
                    insert.setInt(2, chunks);
                    insert.setBytes(3, n == CHUNK ? buffer : java.util.Arrays.copyOf(buffer, n));
                    insert.executeUpdate();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try (PreparedStatement row = connection.prepareStatement(
                    "INSERT INTO blobs (sha256, size, chunks) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING")) {
                row.setString(1, ref.sha256());
                row.setLong(2, ref.size());
                row.setInt(3, chunks);
                row.executeUpdate();
            }
            return null;
        });
        intact.add(ref.sha256());
    }

    @Override
    public boolean contains(String sha256) {
        BlobRef.requireHash(sha256);
        return database.query(
                "look for the blob " + sha256,
                "SELECT 1 FROM blobs WHERE sha256 = ?",
                statement -> statement.setString(1, sha256),
                ResultSet::next);
    }

    @Override
    public boolean isIntact(String sha256) {
        BlobRef.requireHash(sha256);
        if (intact.contains(sha256)) {
            return true;
        }
        if (!contains(sha256)) {
            return false;
        }
        MessageDigest digest = sha256();
        long[] size = {0};
        try (InputStream in = new ChunkStream(database, sha256)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                size[0] += n;
            }
        } catch (IOException e) {
            throw new StoreException("cannot read the blob " + sha256 + " to check it: " + e, e);
        }
        boolean whole = HexFormat.of().formatHex(digest.digest()).equals(sha256) && size[0] == size(sha256);
        if (whole) {
            intact.add(sha256);
        }
        return whole;
    }

    @Override
    public InputStream open(String sha256) {
        requireIntact(sha256);
        return new ChunkStream(database, sha256);
    }

    @Override
    public long size(String sha256) {
        BlobRef.requireHash(sha256);
        return database.query(
                "read the size of the blob " + sha256,
                "SELECT size FROM blobs WHERE sha256 = ?",
                statement -> statement.setString(1, sha256),
                rows -> {
                    if (!rows.next()) {
                        throw missing(sha256);
                    }
                    return rows.getLong(1);
                });
    }

    @Override
    public Path materialize(String sha256, String fileName) {
        requireFileName(fileName);
        requireIntact(sha256);
        Path target = cache.resolve("files").resolve(sha256).resolve(fileName);
        try {
            if (Files.isRegularFile(target)
                    && Files.size(target) == size(sha256)
                    && hashOf(target).equals(sha256)) {
                return target;
            }
            Files.createDirectories(java.util.Objects.requireNonNull(target.getParent(), "parent"));
            Path temp = target.resolveSibling("." + fileName + "." + UUID.randomUUID() + ".tmp");
            try {
                try (InputStream in = new ChunkStream(database, sha256)) {
                    Files.copy(in, temp);
                }
                if (!temp.toFile().setReadOnly()) {
                    throw new IOException("cannot make " + temp + " read-only");
                }
                Files.move(
                        temp,
                        target,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } finally {
                deleteQuietly(temp);
            }
            return target;
        } catch (IOException e) {
            throw new StoreException("cannot make the file " + target + " from the blob " + sha256 + ": " + e, e);
        }
    }

    @Override
    public Set<String> hashes() {
        return database.query("list the blobs", "SELECT sha256 FROM blobs", statement -> {}, rows -> {
            Set<String> found = new TreeSet<>();
            while (rows.next()) {
                found.add(rows.getString(1));
            }
            return found;
        });
    }

    @Override
    public long totalSize() {
        return database.query(
                "measure the blobs", "SELECT COALESCE(SUM(size), 0) FROM blobs", statement -> {}, rows -> {
                    rows.next();
                    return rows.getLong(1);
                });
    }

    @Override
    public long delete(String sha256) {
        long size = database.write("delete the blob " + sha256, connection -> delete(connection, sha256));
        intact.remove(sha256);
        deleteTree(cache.resolve("files").resolve(sha256));
        return size;
    }

    /** Deletes a blob's row and chunks in the caller's transaction; returns the size it had. */
    private static long delete(Connection connection, String sha256) throws SQLException {
        long size = 0;
        try (PreparedStatement row = connection.prepareStatement("DELETE FROM blobs WHERE sha256 = ? RETURNING size")) {
            row.setString(1, sha256);
            try (ResultSet deleted = row.executeQuery()) {
                if (deleted.next()) {
                    size = deleted.getLong(1);
                }
            }
        }
        try (PreparedStatement chunks = connection.prepareStatement("DELETE FROM blob_chunks WHERE sha256 = ?")) {
            chunks.setString(1, sha256);
            chunks.executeUpdate();
        }
        return size;
    }

    private void requireIntact(String sha256) {
        if (!contains(sha256)) {
            throw missing(sha256);
        }
        if (!isIntact(sha256)) {
            throw new StoreException(
                    "the blob " + sha256 + " in the store at " + database.location() + " does not match its hash:"
                            + " its bytes were changed after it was stored, so the store was damaged;"
                            + " redispatch to compute it again",
                    null);
        }
    }

    private StoreException missing(String sha256) {
        return new StoreException(
                "the blob " + sha256 + " is missing from the store at " + database.location()
                        + " (was it pruned?); redispatch with Reuse.NONE to compute it again",
                null);
    }

    private Path spoolFile() {
        Path folder = cache.resolve("spool");
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StoreException("cannot create the folder " + folder + ": " + e, e);
        }
        return folder.resolve(UUID.randomUUID() + ".tmp");
    }

    private static String hashOf(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static void requireFileName(String fileName) {
        if (fileName.isEmpty()
                || fileName.equals(".")
                || fileName.equals("..")
                || fileName.contains("/")
                || fileName.contains("\\")
                || fileName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a file name: '" + fileName + "'");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file is never read; it only takes space.
        }
    }

    static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (var walk = Files.walk(folder)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(PgBlobStore::deleteQuietly);
        } catch (IOException | UncheckedIOException e) {
            // What is left is in a cache folder; the next materialize replaces it.
        }
    }
}
