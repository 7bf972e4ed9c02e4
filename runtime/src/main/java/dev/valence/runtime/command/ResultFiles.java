package dev.valence.runtime.command;

import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;

/**
 * Reads, copies out and stores a {@link CommandResult}'s files wherever they are, checking each
 * against its reference: a blob that lost bytes is reported as damaged, not returned short, and a
 * file that changed since the command ended is not stored under its old hash.
 */
final class ResultFiles {
    private ResultFiles() {}

    /** @return a stream over a file, to be closed by the caller; failures unchecked, as the public API has them */
    static InputStream open(ResultLocation location, BlobRef ref) {
        try {
            return location.open(ref);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a command's file " + ref.sha256() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a file into memory, refusing one above {@link CommandResult#IN_MEMORY_LIMIT}.
     *
     * @param what the file, for messages ({@code stdout})
     * @param instead the methods that read it at any size, named in the refusal
     */
    static byte[] read(ResultLocation location, BlobRef ref, String what, String instead) {
        if (ref.size() > CommandResult.IN_MEMORY_LIMIT) {
            throw new IllegalStateException("the " + what + " has " + ref.size() + " bytes, more than the "
                    + CommandResult.IN_MEMORY_LIMIT + " Valence reads into memory at once; read it with " + instead);
        }
        try (InputStream in = open(location, ref)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length != ref.size()) {
                throw damaged(ref, bytes.length);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + ": " + e.getMessage(), e);
        }
    }

    /** Copies a file to a path, streaming; replaces the target, creating its folder if needed. */
    static Path save(ResultLocation location, BlobRef ref, Path target) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            long copied;
            try (InputStream in = open(location, ref)) {
                Files.deleteIfExists(target);
                copied = Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (copied != ref.size()) {
                throw damaged(ref, copied);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Copies the files a store does not have whole yet into it, checking that each still has the content
     * the command ended with.
     *
     * @throws IllegalStateException when a file changed after the command ended
     */
    static void copyAll(ResultLocation from, BlobStore blobs, Collection<BlobRef> refs) {
        for (BlobRef ref : refs) {
            // A stored blob of that name may have been damaged in place: the fresh bytes replace it.
            if (blobs.isIntact(ref.sha256())) {
                continue;
            }
            BlobRef put = from.copyInto(blobs, ref);
            if (!put.equals(ref)) {
                throw new IllegalStateException("a file of this command changed after the command ended (expected "
                        + ref + ", found " + put + "); did a background process keep writing?");
            }
        }
    }

    private static IllegalStateException damaged(BlobRef ref, long found) {
        return new IllegalStateException("the stored file " + ref.sha256() + " has " + found + " bytes instead of "
                + ref.size() + ": the store's blob is damaged; redispatch with Reuse.NONE to compute it again");
    }
}
