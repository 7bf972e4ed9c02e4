package dev.valence.runtime.command;

import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A result's bytes in a blob store: a stored result, or one read back from a store. */
final class StoredLocation implements ResultLocation {
    private final BlobStore blobs;

    StoredLocation(BlobStore blobs) {
        this.blobs = blobs;
    }

    @Override
    public InputStream open(BlobRef ref) {
        return blobs.open(ref.sha256());
    }

    @Override
    public Path materialize(BlobRef ref, String fileName) {
        return blobs.materialize(ref.sha256(), fileName);
    }

    /** Streams the file from this store into the other one: the two may not share a file system. */
    @Override
    public BlobRef copyInto(BlobStore target, BlobRef ref) {
        try (InputStream in = open(ref)) {
            return target.put(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy a command's file into " + target, e);
        }
    }

    @Override
    public boolean isIn(BlobStore target) {
        return blobs.equals(target);
    }
}
