package dev.valence.runtime.internal.fingerprint;

import static dev.valence.runtime.internal.fingerprint.JdkValueFingerprintTest.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.valence.runtime.spi.fingerprint.UnsupportedValueException;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and directories count by content: never by their own name, their place or their dates. */
class FileFingerprintTest {
    private final Fingerprinter fingerprinter = new Fingerprinter();

    @TempDir
    Path temp;

    private String fp(Object value) {
        return fingerprinter.fingerprint(value);
    }

    private Path write(String relative, String content) throws IOException {
        Path file = temp.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void sameContentUnderOtherNamesAndDatesIsTheSameFile() throws IOException {
        Path a = write("one/a.csv", "x,y\n1,2\n");
        Path b = write("two/renamed.txt", "x,y\n1,2\n");
        Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));
        Files.setLastModifiedTime(b, FileTime.from(Instant.parse("2024-06-01T12:00:00Z")));
        assertEquals(fp(a), fp(b));
        assertEquals(fp(List.of(a)), fp(List.of(b)));
    }

    @Test
    void oneChangedOrAddedByteIsAnotherFile() throws IOException {
        Path a = write("a", "hello");
        assertNotEquals(fp(a), fp(write("b", "hellp")));
        assertNotEquals(fp(a), fp(write("c", "hello ")));
        assertNotEquals(fp(a), fp(write("d", "")));
        // A file is not the byte array or string it holds.
        assertNotEquals(fp(a), fp("hello".getBytes(StandardCharsets.UTF_8)));
        assertNotEquals(fp(a), fp("hello"));
    }

    /** The format is part of stored keys: tag 'f', the length, the bytes. */
    @Test
    void fileEncodingIsPinned() throws IOException {
        Path a = write("a", "hello");
        assertEquals(
                reference(out -> {
                    out.writeByte('f');
                    out.writeLong(5);
                    out.write("hello".getBytes(StandardCharsets.UTF_8));
                }),
                fp(a));
    }

    @Test
    void fileAndPathToTheSameContentAreEqual() throws IOException {
        Path a = write("a", "content");
        assertEquals(fp(a), fp(a.toFile()));
        assertEquals(fp(a), fp(new File(write("elsewhere/b", "content").toString())));
        assertEquals(fp(Map.of("in", a)), fp(Map.of("in", a.toFile())));
    }

    @Test
    void directoriesByTheirEntriesNamesAndContentNotTheirOwnName() throws IOException {
        write("left/data/x.txt", "x");
        write("left/data/sub/y.txt", "y");
        write("left/readme", "r");
        write("right-named-otherwise/data/sub/y.txt", "y"); // created in another order
        write("right-named-otherwise/readme", "r");
        write("right-named-otherwise/data/x.txt", "x");
        Path left = temp.resolve("left");
        Path right = temp.resolve("right-named-otherwise");
        assertEquals(fp(left), fp(right));
        assertEquals(fp(left), fp(right.toFile()));

        write("right-named-otherwise/data/sub/y.txt", "Y");
        assertNotEquals(fp(left), fp(right), "a nested file's content counts");
        write("right-named-otherwise/data/sub/y.txt", "y");
        assertEquals(fp(left), fp(right));

        Files.move(right.resolve("readme"), right.resolve("README"));
        assertNotEquals(fp(left), fp(right), "an entry's name counts");
        Files.move(right.resolve("README"), right.resolve("readme"));

        Files.createDirectory(right.resolve("empty"));
        assertNotEquals(fp(left), fp(right), "an empty directory is content too");
        Files.delete(right.resolve("empty"));

        Files.move(right.resolve("data/x.txt"), right.resolve("data/sub/x.txt"));
        assertNotEquals(fp(left), fp(right), "where a file sits inside the tree counts");
        Files.move(right.resolve("data/sub/x.txt"), right.resolve("data/x.txt"));
        assertEquals(fp(left), fp(right));

        // A directory holding one file is not that file.
        assertNotEquals(fp(left.resolve("data/sub")), fp(left.resolve("data/sub/y.txt")));
    }

    @Test
    void aMissingFileIsAClearError() {
        Path missing = temp.resolve("nope.csv");
        UnsupportedValueException e = assertThrows(UnsupportedValueException.class, () -> fp(List.of(missing)));
        assertTrue(e.getMessage().contains("file " + missing + " does not exist"), e.getMessage());
        assertEquals("java.nio.file.Path", e.typeName());
        UnsupportedValueException asFile = assertThrows(UnsupportedValueException.class, () -> fp(missing.toFile()));
        assertEquals("java.io.File", asFile.typeName());
        assertTrue(asFile.getMessage().contains("does not exist"), asFile.getMessage());
    }

    @Test
    void symbolicLinksAreFollowedAndLoopsFail() throws IOException {
        Path target = write("target.txt", "t");
        Path link = temp.resolve("link.txt");
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here: " + e);
        }
        assertEquals(fp(target), fp(link));

        Path loop = Files.createDirectories(temp.resolve("loop/inner"));
        Files.createSymbolicLink(loop.resolve("back"), temp.resolve("loop"));
        UnsupportedValueException e = assertThrows(UnsupportedValueException.class, () -> fp(temp.resolve("loop")));
        assertTrue(e.getMessage().contains("contains itself"), e.getMessage());
    }

    /**
     * A file far larger than any buffer streams through: a 64 MiB sparse file (instant to make)
     * with one byte set near the end. Reading it whole would not fail at this size under the
     * default heap, so this shows the stream is correct to the last chunk; the constant-memory
     * claim rests on the 64 KiB buffer in FileContent.
     */
    @Test
    void aLargeFileStreamsToItsLastByte() throws IOException {
        long size = 64L * 1024 * 1024 + 17;
        Path a = sparse("big-a", size, size - 3);
        Path b = sparse("big-b", size, size - 3);
        Path c = sparse("big-c", size, size - 2);
        assertEquals(fp(a), fp(b));
        assertNotEquals(fp(a), fp(c));
    }

    private Path sparse(String name, long size, long markAt) throws IOException {
        Path file = temp.resolve(name);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
            raf.seek(markAt);
            raf.write(42);
        }
        return file;
    }
}
