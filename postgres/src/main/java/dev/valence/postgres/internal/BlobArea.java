package dev.valence.postgres.internal;

import dev.valence.runtime.internal.store.FileBlobStore;
import dev.valence.runtime.spi.store.BlobStore;
import java.util.Set;

/**
 * A blob store as housekeeping sees it: what it holds, its size, and deleting one blob. The store's
 * blobs are in the database ({@link PgBlobStore}) or in a folder every machine mounts ({@link
 * FileBlobStore}).
 */
public interface BlobArea {
    /** @return the blob store the store hands out */
    BlobStore store();

    /** @return the hashes of every stored blob */
    Set<String> hashes();

    /** @return the bytes of every stored blob */
    long totalSize();

    /**
     * @param sha256 a blob's hash
     * @return the bytes freed, 0 when it was not stored
     */
    long delete(String sha256);

    /**
     * @param blobs a file blob store in a shared folder
     * @return it as a blob area
     */
    static BlobArea of(FileBlobStore blobs) {
        return new BlobArea() {
            @Override
            public BlobStore store() {
                return blobs;
            }

            @Override
            public Set<String> hashes() {
                return blobs.hashes();
            }

            @Override
            public long totalSize() {
                return blobs.totalSize();
            }

            @Override
            public long delete(String sha256) {
                return blobs.delete(sha256);
            }
        };
    }
}
