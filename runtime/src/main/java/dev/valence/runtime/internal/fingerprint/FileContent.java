package dev.valence.runtime.internal.fingerprint;

import dev.valence.runtime.spi.fingerprint.UnsupportedValueException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Encodes files by content, never by name or date: a regular file as its length and bytes, a
 * directory as its entries sorted by name, each with its content (the directory's own name does
 * not count, its entries' names do). Symbolic links are followed; a link that leads back into a
 * directory being read is a cycle and fails.
 *
 * <p>Bytes are streamed through one reused 64 KiB buffer, so a file of any size takes constant
 * memory. Not thread-safe: one instance per encoding call.
 */
final class FileContent {
    static final int BUFFER_BYTES = 64 * 1024;

    private byte[] buffer;
    /** Real paths of the directories on the current path, to catch links that loop. */
    private final Set<Path> openDirectories = new HashSet<>();

    /**
     * @param out the digest
     * @param path the file or directory
     * @param type the type the user passed ({@code Path} or {@code File}), for messages
     */
    void write(DigestOut out, Path path, Class<?> type) {
        try {
            if (Files.isRegularFile(path)) {
                writeFile(out, path);
            } else if (Files.isDirectory(path)) {
                writeDirectory(out, path, type);
            } else if (Files.exists(path)) {
                throw UnsupportedValueException.because(
                        type, "file " + path + " is neither a regular file nor a directory", null);
            } else {
                throw UnsupportedValueException.because(type, "file " + path + " does not exist", null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Valence could not read file " + path + " to fingerprint it: " + e, e);
        }
    }

    private void writeFile(DigestOut out, Path file) throws IOException {
        if (buffer == null) {
            buffer = new byte[BUFFER_BYTES];
        }
        // The length comes first (the encoding is self-delimiting), so it is read before the bytes;
        // a file that changes in between is caught by the count below.
        long size = Files.size(file);
        out.update(Encoding.FILE);
        Encoding.writeLong(out, size);
        long read = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.update(buffer, 0, n);
                read += n;
            }
        }
        if (read != size) {
            throw new IOException("it changed while being read (" + size + " bytes, then " + read + ")");
        }
    }

    private void writeDirectory(DigestOut out, Path directory, Class<?> type) throws IOException {
        Path real = directory.toRealPath();
        if (!openDirectories.add(real)) {
            throw UnsupportedValueException.because(
                    type, "directory " + directory + " contains itself (through a symbolic link)", null);
        }
        try {
            List<Path> entries = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
                stream.forEach(entries::add);
            }
            // Sorted by name, so that the order the file system lists entries in does not count.
            entries.sort(Comparator.comparing(FileContent::name));
            out.update(Encoding.DIRECTORY);
            Encoding.writeLong(out, entries.size());
            for (Path entry : entries) {
                Encoding.writeString(out, name(entry));
                write(out, entry, type);
            }
        } finally {
            openDirectories.remove(real);
        }
    }

    private static String name(Path entry) {
        Path name = entry.getFileName();
        return name == null ? "" : name.toString();
    }
}
