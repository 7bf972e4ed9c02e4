package dev.valence.runtime.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** File helpers for commands: names relative to a working folder, hashing, tails, deleting trees. */
final class FileTree {
    private static final int BUFFER = 1 << 16;

    private FileTree() {}

    /**
     * Checks a name relative to the working folder ({@code data/in.txt}): not empty, not absolute, no
     * {@code .} or {@code ..} segment, {@code /} as separator.
     */
    static String requireRelative(String name, String what) {
        Objects.requireNonNull(name, what + " name");
        String problem = null;
        if (name.isEmpty()) {
            problem = "it is empty";
        } else if (name.startsWith("/") || name.contains("\\") || name.contains(":") || name.indexOf('\0') >= 0) {
            problem = "it must be a relative path with '/' as separator";
        } else {
            for (String segment : name.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    problem = "it must not have empty, '.' or '..' segments";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException(
                    "the " + what + " name '" + name + "' is not a path inside the working folder: " + problem);
        }
        return name;
    }

    /** The last segment of a relative name. */
    static String fileName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** The name of a file inside a folder, with {@code /} as separator. */
    static String relativeName(Path folder, Path file) {
        Path relative = folder.relativize(file);
        StringBuilder name = new StringBuilder();
        for (Path segment : relative) {
            if (name.length() > 0) {
                name.append('/');
            }
            name.append(segment);
        }
        return name.toString();
    }

    /** The SHA-256 of a file, read in blocks. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The last lines of a text file (at most {@code maxBytes} read from its end), for error messages. */
    static String tail(Path file, int maxLines, int maxBytes) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int count = (int) Math.min(length, maxBytes);
            byte[] bytes = new byte[count];
            in.seek(length - count);
            in.readFully(bytes);
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString()
                    .stripTrailing();
            List<String> lines = text.lines().toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - maxLines), lines.size());
            return (count < length || last.size() < lines.size() ? "...\n" : "") + String.join("\n", last);
        } catch (IOException e) {
            return "(stderr unreadable: " + e.getMessage() + ")";
        }
    }

    /** Deletes a file if it is there; quietly, as cleanup. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file only takes space.
        }
    }

    /** Deletes a folder and everything in it, not following links; quietly, as cleanup. */
    static void deleteTree(Path folder) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // Already gone.
        } catch (IOException | UncheckedIOException e) {
            // Cleanup of a temporary folder: a leftover only takes space.
        }
    }
}
