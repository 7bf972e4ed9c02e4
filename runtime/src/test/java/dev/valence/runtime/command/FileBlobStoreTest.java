package dev.valence.runtime.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.internal.store.FileBlobStore;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.StoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The content-addressed file area of the embedded store. */
class FileBlobStoreTest {
    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);
    private static final String HELLO_SHA = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    @TempDir
    Path temp;

    @Test
    void bytesGoInByContentAndComeBackOut() throws IOException {
        BlobStore blobs = new FileBlobStore(temp.resolve("store"));

        BlobRef ref = blobs.put(new ByteArrayInputStream(HELLO));

        assertEquals(new BlobRef(HELLO_SHA, 6), ref);
        assertTrue(blobs.contains(HELLO_SHA));
        assertEquals(6, blobs.size(HELLO_SHA));
        try (InputStream in = blobs.open(HELLO_SHA)) {
            assertArrayEquals(HELLO, in.readAllBytes());
        }
        assertTrue(Files.isRegularFile(
                temp.resolve("store/blobs").resolve(HELLO_SHA.substring(0, 2)).resolve(HELLO_SHA.substring(2))));
    }

    @Test
    void aFileIsMovedInAndTheSameContentIsKeptOnce() throws IOException {
        BlobStore blobs = new FileBlobStore(temp.resolve("store"));
        Path first = Files.write(temp.resolve("first"), HELLO);
        Path second = Files.write(temp.resolve("second"), HELLO);

        assertEquals(blobs.put(first), blobs.put(second));

        assertFalse(Files.exists(first) || Files.exists(second), "put(Path) takes the file over");
        try (Stream<Path> all = Files.walk(temp.resolve("store/blobs"))) {
            assertEquals(1, all.filter(Files::isRegularFile).count(), "one copy, no temporary file left");
        }
    }

    @Test
    void aMaterializedFileIsMadeOnceReadOnlyAndNamed() throws IOException {
        BlobStore blobs = new FileBlobStore(temp.resolve("store"));
        blobs.put(new ByteArrayInputStream(HELLO));

        Path file = blobs.materialize(HELLO_SHA, "greeting.txt");

        assertEquals(
                temp.resolve("store/files")
                        .resolve(HELLO_SHA)
                        .resolve("greeting.txt")
                        .toAbsolutePath(),
                file);
        assertArrayEquals(HELLO, Files.readAllBytes(file));
        assertFalse(
                Files.getPosixFilePermissions(file).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
        assertEquals(
                Files.getLastModifiedTime(file),
                Files.getLastModifiedTime(blobs.materialize(HELLO_SHA, "greeting.txt")));
        assertThrows(IllegalArgumentException.class, () -> blobs.materialize(HELLO_SHA, "../escape"));
    }

    @Test
    void aMissingBlobIsNamedAndAMalformedHashRefused() {
        BlobStore blobs = new FileBlobStore(temp.resolve("store"));
        String absent = HexFormat.of().formatHex(new byte[32]);

        StoreException missing = assertThrows(StoreException.class, () -> blobs.open(absent));

        assertTrue(
                missing.getMessage().contains(absent) && missing.getMessage().contains("missing"),
                missing.getMessage());
        assertFalse(blobs.contains(absent));
        assertThrows(IllegalArgumentException.class, () -> blobs.open("../../etc/passwd"));
    }

    /**
     * A blob changed in place keeps its name and size; a fresh instance (a later process) hashes it
     * before its first use, refuses to read it, and a put of the right bytes replaces it, together
     * with the file made from it for programs (a hard link to the damaged bytes).
     */
    @Test
    void aDamagedBlobIsRefusedAndReplacedByAPutOfItsContent() throws IOException {
        Path folder = temp.resolve("store");
        Path made = storeHelloAsFile(folder);
        Path blob = folder.resolve("blobs").resolve(HELLO_SHA.substring(0, 2)).resolve(HELLO_SHA.substring(2));
        blob.toFile().setWritable(true, true);
        Files.writeString(blob, "jello\n");

        BlobStore later = new FileBlobStore(folder);
        for (org.junit.jupiter.api.function.Executable use : new org.junit.jupiter.api.function.Executable[] {
            () -> later.open(HELLO_SHA).close(), () -> later.materialize(HELLO_SHA, "greeting.txt")
        }) {
            StoreException damaged = assertThrows(StoreException.class, use);
            assertTrue(
                    damaged.getMessage().contains(HELLO_SHA)
                            && damaged.getMessage().contains("the store was damaged; redispatch"),
                    damaged.getMessage());
        }

        assertEquals(new BlobRef(HELLO_SHA, 6), later.put(new ByteArrayInputStream(HELLO)));
        assertArrayEquals(HELLO, Files.readAllBytes(blob), "replaced");
        assertFalse(
                Files.getPosixFilePermissions(blob).contains(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
        try (InputStream in = later.open(HELLO_SHA)) {
            assertArrayEquals(HELLO, in.readAllBytes());
        }
        assertEquals(made, later.materialize(HELLO_SHA, "greeting.txt"));
        assertArrayEquals(HELLO, Files.readAllBytes(made), "the file made from the damaged bytes is made again");
    }

    /** Inputs recognised as the store's own files are copied for programs, never linked. */
    @Test
    void theStoresFilesAreRecognisedAsSuchAndOtherFilesAreNot() throws IOException {
        Path folder = temp.resolve("store");
        Path made = storeHelloAsFile(folder);
        Path link = Files.createSymbolicLink(temp.resolve("link.txt"), made);
        Path own = Files.write(
                Files.createDirectories(temp.resolve("files").resolve(HELLO_SHA))
                        .resolve("greeting.txt"),
                HELLO);

        assertTrue(StoreFiles.holds(made));
        assertTrue(StoreFiles.holds(made.getParent()));
        assertTrue(StoreFiles.holds(link), "a link is followed");
        assertTrue(StoreFiles.holds(
                folder.resolve("blobs").resolve(HELLO_SHA.substring(0, 2)).resolve(HELLO_SHA.substring(2))));
        assertFalse(StoreFiles.holds(folder), "the store's folder as a whole is not one of its files");
        assertFalse(StoreFiles.holds(own), "a look-alike folder without a blob area beside it");
    }

    @Test
    void theSqliteStoreKeepsItsBlobsInItsFolder() {
        try (SqliteStore store = SqliteStore.open(temp.resolve("db"))) {
            assertEquals(new FileBlobStore(temp.resolve("db")), store.blobs());
        }
    }

    /** @return the file made for programs from a blob of {@link #HELLO}, stored in a fresh store */
    private static Path storeHelloAsFile(Path folder) {
        BlobStore blobs = new FileBlobStore(folder);
        blobs.put(new ByteArrayInputStream(HELLO));
        return blobs.materialize(HELLO_SHA, "greeting.txt");
    }
}
