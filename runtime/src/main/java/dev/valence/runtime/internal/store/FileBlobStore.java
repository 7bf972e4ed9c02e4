package dev.valence.runtime.internal.store;

import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} in a folder: blobs in {@code blobs/ab/cdef...} (the first two hex characters
 * of the SHA-256 name a subfolder), files made for programs in {@code files/<sha256>/<name>}, and
 * writes in progress in {@code blobs/tmp}. Every blob is written to a temporary file, flushed, made
 * read-only and renamed into place, so a crash never leaves a torn blob; a crash may leave a
 * temporary file behind, which is never read.
 *
 * <p>Several processes may share the folder: two writers of the same content rename identical
 * files onto one name.
 *
 * <p>A blob is trusted by its content: before its first use by this instance (a reuse check, a
 * read, a file made for a program) its bytes are hashed in one streaming pass and compared with its
 * name, since read-only files still change (a program running as root ignores permissions, and a
 * hard link shares the bytes). Positive answers are remembered: blobs never change once stored, so
 * a large blob is hashed once per process. A damaged blob is refused with a {@link StoreException}
 * and replaced, atomically, by the next {@code put} of its content.
 */
public final class FileBlobStore implements BlobStore {
    private static final int BUFFER = 1 << 16;
    private static final Set<PosixFilePermission> READ_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final Path root;
    private final Path blobs;
    private final Path temporary;
    private final Path files;
    /** Blobs and files made from them that this instance wrote or hashed and found whole. */
    private final Set<Path> intact = ConcurrentHashMap.newKeySet();

    /**
     * @param folder the folder holding {@code blobs/} and {@code files/}, usually the store's folder;
     *     created on first write
     */
    public FileBlobStore(Path folder) {
        this.root = folder.toAbsolutePath().normalize();
        this.blobs = root.resolve("blobs");
        this.temporary = blobs.resolve("tmp");
        this.files = root.resolve("files");
    }

    /** @return the folder holding {@code blobs/} and {@code files/} */
    public Path folder() {
        return root;
    }

    @Override
    public BlobRef put(Path file) {
        Path temp = newTemporary();
        try {
            // Take the file over first: once it is ours, nobody changes it between hashing and renaming.
            Files.move(file, temp);
            return commit(temp, new BlobRef(hashOf(temp), Files.size(temp)));
        } catch (IOException e) {
            throw new StoreException("cannot store the file " + file + " in " + blobs + ": " + e, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public BlobRef put(InputStream content) {
        Path temp = newTemporary();
        try {
            MessageDigest digest = sha256();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = content.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
            return commit(temp, new BlobRef(HexFormat.of().formatHex(digest.digest()), size));
        } catch (IOException e) {
            throw new StoreException("cannot write a blob into " + blobs + ": " + e, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Renames a complete temporary file into place, unless the same content is there already; a
     * file of that name whose bytes do not hash to it (damaged in place) is replaced by the rename.
     */
    private BlobRef commit(Path temp, BlobRef ref) throws IOException {
        Path target = blobPath(ref.sha256());
        if (isComplete(target, ref.size()) && hashesTo(target, ref.sha256())) {
            return ref;
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        makeReadOnly(temp);
        Files.createDirectories(Objects.requireNonNull(target.getParent(), "parent"));
        moveAtomically(temp, target);
        // Hashed on the way in: the bytes now under the name are known to match it.
        intact.add(target);
        return ref;
    }

    @Override
    public boolean contains(String sha256) {
        return Files.isRegularFile(blobPath(sha256));
    }

    @Override
    public boolean isIntact(String sha256) {
        Path blob = blobPath(sha256);
        try {
            return Files.isRegularFile(blob) && hashesTo(blob, sha256);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new StoreException("cannot read the blob " + blob + " to check it: " + e, e);
        }
    }

    @Override
    public InputStream open(String sha256) {
        Path blob = blobPath(sha256);
        try {
            requireIntact(blob, sha256);
            return Files.newInputStream(blob);
        } catch (NoSuchFileException e) {
            throw missing(sha256, e);
        } catch (IOException e) {
            throw new StoreException("cannot read the blob " + blob + ": " + e, e);
        }
    }

    @Override
    public long size(String sha256) {
        try {
            return Files.size(blobPath(sha256));
        } catch (NoSuchFileException e) {
            throw missing(sha256, e);
        } catch (IOException e) {
            throw new StoreException("cannot read the blob " + blobPath(sha256) + ": " + e, e);
        }
    }

    @Override
    public Path materialize(String sha256, String fileName) {
        requireFileName(fileName);
        Path blob = blobPath(sha256);
        Path target = files.resolve(sha256).resolve(fileName);
        try {
            requireIntact(blob, sha256);
            if (isMadeFrom(target, blob, sha256)) {
                return target;
            }
            Files.createDirectories(Objects.requireNonNull(target.getParent(), "parent"));
            Path temp = target.resolveSibling("." + fileName + "." + UUID.randomUUID() + ".tmp");
            try {
                try {
                    Files.createLink(temp, blob);
                } catch (IOException | UnsupportedOperationException e) {
                    // Another file system, or no hard links: a copy does as well.
                    Files.copy(blob, temp);
                    makeReadOnly(temp);
                }
                // Replaces a file made from bytes since found damaged (an old hard link, a changed copy).
                moveAtomically(temp, target);
                intact.add(target);
            } finally {
                deleteQuietly(temp);
            }
            return target;
        } catch (NoSuchFileException e) {
            throw missing(sha256, e);
        } catch (IOException e) {
            throw new StoreException("cannot make the file " + target + " from its blob: " + e, e);
        }
    }

    /**
     * @return the hashes of every stored blob (writes in progress excluded)
     * @throws StoreException when the folder cannot be listed
     */
    public Set<String> hashes() {
        Set<String> found = new TreeSet<>();
        if (!Files.isDirectory(blobs)) {
            return found;
        }
        try (Stream<Path> prefixes = Files.list(blobs)) {
            for (Path prefix : (Iterable<Path>) prefixes::iterator) {
                String first = String.valueOf(prefix.getFileName());
                if (first.length() != 2 || !Files.isDirectory(prefix)) {
                    continue;
                }
                try (Stream<Path> rest = Files.list(prefix)) {
                    rest.map(file -> first + file.getFileName())
                            .filter(name -> name.matches("[0-9a-f]{64}"))
                            .forEach(found::add);
                }
            }
        } catch (IOException e) {
            throw new StoreException("cannot list the blobs in " + blobs + ": " + e, e);
        }
        return found;
    }

    /**
     * @return the bytes of every stored blob (files made from them for programs not counted)
     */
    public long totalSize() {
        long total = 0;
        for (String sha256 : hashes()) {
            total += size(sha256);
        }
        return total;
    }

    /**
     * Deletes a blob and the files made from it.
     *
     * @param sha256 the blob's hash
     * @return the blob's size, or 0 when it was not stored
     * @throws StoreException when it cannot be deleted
     */
    public long delete(String sha256) {
        Path blob = blobPath(sha256);
        try {
            long size = Files.isRegularFile(blob) ? Files.size(blob) : 0;
            Files.deleteIfExists(blob);
            intact.remove(blob);
            Path made = files.resolve(sha256);
            if (Files.isDirectory(made)) {
                try (Stream<Path> inside = Files.list(made)) {
                    for (Path file : (Iterable<Path>) inside::iterator) {
                        Files.deleteIfExists(file);
                        intact.remove(file);
                    }
                }
                Files.deleteIfExists(made);
            }
            return size;
        } catch (IOException e) {
            throw new StoreException("cannot delete the blob " + sha256 + " in " + blobs + ": " + e, e);
        }
    }

    private Path blobPath(String sha256) {
        BlobRef.requireHash(sha256);
        return blobs.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
    }

    private Path newTemporary() {
        try {
            Files.createDirectories(temporary);
        } catch (IOException e) {
            throw new StoreException("cannot create the folder " + temporary + ": " + e, e);
        }
        return temporary.resolve(UUID.randomUUID() + ".tmp");
    }

    private StoreException missing(String sha256, Exception cause) {
        return new StoreException(
                "the blob " + sha256 + " is missing from " + blobs
                        + " (was the store's folder cleaned?); redispatch with Reuse.NONE to compute it again",
                cause);
    }

    /** Refuses a blob whose bytes do not hash to its name: reading it would give wrong results. */
    private void requireIntact(Path blob, String sha256) throws IOException {
        if (!hashesTo(blob, sha256)) {
            throw new StoreException(
                    "the blob " + sha256 + " in " + blobs + " does not match its hash: its bytes were changed"
                            + " after it was stored, so the store was damaged; redispatch to compute it again",
                    null);
        }
    }

    /**
     * Whether a file made for programs still holds the blob's bytes: a hard link to the blob itself
     * does (the blob was just checked), another file (a copy, or a link to bytes since replaced) is
     * hashed once.
     */
    private boolean isMadeFrom(Path target, Path blob, String sha256) throws IOException {
        if (!Files.isRegularFile(target)) {
            return false;
        }
        return Files.isSameFile(target, blob) || hashesTo(target, sha256);
    }

    /** Hashes a file, unless this instance has found it whole before; remembers a match. */
    private boolean hashesTo(Path file, String sha256) throws IOException {
        if (intact.contains(file)) {
            return true;
        }
        boolean whole = hashOf(file).equals(sha256);
        if (whole) {
            intact.add(file);
        }
        return whole;
    }

    /** The SHA-256 of a file, in one streaming pass. */
    private static String hashOf(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean isComplete(Path file, long size) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) == size;
    }

    private static void moveAtomically(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            // A file system that does not replace on rename: make room for the checked bytes, unless
            // another writer puts the same content at the same moment.
            Files.deleteIfExists(target);
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException again) {
                Files.deleteIfExists(source);
            }
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + target + " cannot rename atomically", e);
        }
    }

    private static void makeReadOnly(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, READ_ONLY);
        } else if (!file.toFile().setWritable(false)) {
            throw new IOException("cannot make " + file + " read-only");
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file is never read; it only takes space.
        }
    }

    private static void requireFileName(String fileName) {
        Objects.requireNonNull(fileName, "fileName");
        if (fileName.isEmpty()
                || fileName.equals(".")
                || fileName.equals("..")
                || fileName.contains("/")
                || fileName.contains("\\")
                || fileName.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a file name: '" + fileName + "'");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Two instances over the same folder are the same store. */
    @Override
    public boolean equals(Object other) {
        return other instanceof FileBlobStore that && root.equals(that.root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return "FileBlobStore[" + root + "]";
    }
}
