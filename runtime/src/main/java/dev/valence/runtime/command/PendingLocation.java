package dev.valence.runtime.command;

import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A result's bytes in the temporary folder of the command that just ran ({@code
 * <folder>/<sha256>}), deleted once the result is stored, or once it is no longer reachable (an
 * electron called as plain Java, whose result Valence never stores).
 */
final class PendingLocation implements ResultLocation {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Path folder;
    private Cleaner.Cleanable cleanable;

    PendingLocation(Path folder) {
        this.folder = folder;
    }

    /** Deletes the folder when {@code owner}, the result reading from here, becomes unreachable. */
    void deleteWhenUnreachable(Object owner) {
        // The action captures the path alone: one that reached the owner would keep it reachable forever.
        Path toDelete = folder;
        cleanable = CLEANER.register(owner, () -> FileTree.deleteTree(toDelete));
    }

    private Path file(BlobRef ref) {
        return folder.resolve(ref.sha256());
    }

    @Override
    public InputStream open(BlobRef ref) throws IOException {
        return Files.newInputStream(file(ref));
    }

    @Override
    public Path materialize(BlobRef ref, String fileName) {
        Path target = folder.resolve("files").resolve(ref.sha256()).resolve(fileName);
        try {
            if (!Files.isRegularFile(target)) {
                Files.createDirectories(Objects.requireNonNull(target.getParent(), "parent"));
                Files.copy(file(ref), target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the file " + target + ": " + e.getMessage(), e);
        }
    }

    /** Hands the store the file itself, so that it can move it rather than copy the bytes. */
    @Override
    public BlobRef copyInto(BlobStore blobs, BlobRef ref) {
        return blobs.put(file(ref));
    }

    @Override
    public void release() {
        cleanable.clean();
    }
}
