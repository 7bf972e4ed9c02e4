package dev.valence.runtime.spi.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content-addressed file area beside a {@link ResultStore}: large bytes (a command's output
 * files, its stdout and stderr) live here as files named by their SHA-256, and stored values refer
 * to them by {@link BlobRef}. Bytes are streamed in and out, never held in memory whole.
 *
 * <p>Writes are atomic: a blob is written to a temporary file, flushed to disk, and renamed into
 * place, so a crash at any instant leaves either no blob or the whole blob. Adding bytes that are
 * already stored keeps one copy. Implementations must be thread-safe, and safe for several
 * processes sharing one store.
 *
 * <p>A blob is trusted by its content, never by its name and size: {@link #open} and {@link
 * #materialize} refuse a blob whose bytes no longer hash to its name, {@link #isIntact} says so
 * beforehand, and a {@code put} of the right bytes replaces a damaged blob.
 */
public interface BlobStore {

    /**
     * Takes a file over: moves it into the store (or copies it, then deletes it, across file
     * systems) and names it by its content.
     *
     * @param file a regular file the caller no longer needs
     * @return the file's reference
     * @throws StoreException when the file cannot be read or stored
     */
    BlobRef put(Path file);

    /**
     * Streams bytes into the store.
     *
     * @param content the bytes; read to the end, not closed
     * @return their reference
     * @throws StoreException when the bytes cannot be read or stored
     */
    BlobRef put(InputStream content);

    /**
     * @param sha256 a blob's hash
     * @return whether the store has it
     */
    boolean contains(String sha256);

    /**
     * Checks a blob's content: whether it is stored and its bytes hash to its name. Stores hash a
     * blob once and remember a positive answer (a blob never changes once stored); this default
     * hashes it on every call.
     *
     * @param sha256 a blob's hash
     * @return whether the store has the blob whole and unchanged
     * @throws StoreException when the blob is there but cannot be read
     */
    default boolean isIntact(String sha256) {
        if (!contains(sha256)) {
            return false;
        }
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(open(sha256), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (StoreException e) {
            return false; // an implementation whose open checks the content itself
        } catch (IOException | UncheckedIOException e) {
            throw new StoreException("cannot read the blob " + sha256 + " to check it: " + e, e);
        }
        return HexFormat.of().formatHex(digest.digest()).equals(sha256);
    }

    /**
     * Opens a blob for reading, once its content is known to match its name.
     *
     * @param sha256 the blob's hash
     * @return a stream over its bytes, to be closed by the caller
     * @throws StoreException when the blob is missing, unreadable, or damaged (its bytes do not
     *     hash to its name)
     */
    InputStream open(String sha256);

    /**
     * @param sha256 the blob's hash
     * @return its size in bytes
     * @throws StoreException when the blob is missing
     */
    long size(String sha256);

    /**
     * Gives a blob as a file with a chosen name, for programs that read files: {@code
     * <store>/files/<sha256>/<fileName>}. Made once (a hard link to the blob where the file system
     * allows, else a copy) and reused afterwards. The file is read-only; do not change it.
     *
     * @param sha256 the blob's hash
     * @param fileName the file's name, one path segment ({@code frame.png})
     * @return the file
     * @throws StoreException when the blob is missing or damaged, or the file cannot be made
     */
    Path materialize(String sha256, String fileName);
}
