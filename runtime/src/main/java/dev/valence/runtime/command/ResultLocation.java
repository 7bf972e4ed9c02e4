package dev.valence.runtime.command;

import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where a {@link CommandResult}'s bytes are: the temporary folder of the run until the result is
 * stored ({@link PendingLocation}), a blob store afterwards ({@link StoredLocation}).
 */
interface ResultLocation {
    /** @return a stream over one file's bytes, to be closed by the caller */
    InputStream open(BlobRef ref) throws IOException;

    /** @return the file as a path another program can read, named {@code fileName} */
    Path materialize(BlobRef ref, String fileName);

    /**
     * Copies one file into a blob store.
     *
     * @return the reference the store computed, for the caller to compare with {@code ref}
     */
    BlobRef copyInto(BlobStore blobs, BlobRef ref);

    /** @return whether the bytes are already in that store, so that storing again is not needed */
    default boolean isIn(BlobStore blobs) {
        return false;
    }

    /** Gives up what this location holds once its files are stored elsewhere. */
    default void release() {}
}
