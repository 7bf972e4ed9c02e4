package dev.valence.runtime.command;

import dev.valence.runtime.spi.store.BlobRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The folder where a finished command's stdout, stderr and outputs wait, each under its SHA-256,
 * until the {@link CommandResult} is stored: named by content, a file is stored as it is, and two
 * outputs with the same bytes take the space of one.
 */
final class CapturedFiles {
    private final Path folder;

    CapturedFiles(Path folder) {
        this.folder = folder;
    }

    /** @return the folder, as {@link CommandResult#pending} reads it */
    Path folder() {
        return folder;
    }

    /**
     * Hashes a finished file and moves it into the folder under its hash. A symbolic link (an input
     * declared as an output) is copied, so that the original stays where it is.
     */
    BlobRef keep(Path file) throws IOException {
        String sha256 = FileTree.sha256(file);
        long size = Files.size(file);
        Path target = folder.resolve(sha256);
        if (Files.exists(target)) {
            FileTree.deleteQuietly(file);
        } else if (Files.isSymbolicLink(file)) {
            Files.copy(file, target);
        } else {
            Files.move(file, target);
        }
        return new BlobRef(sha256, size);
    }

    /** Keeps each file of a map, by the same names. */
    Map<String, BlobRef> keepAll(Map<String, Path> files) throws IOException {
        Map<String, BlobRef> refs = new TreeMap<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            refs.put(file.getKey(), keep(file.getValue()));
        }
        return refs;
    }
}
