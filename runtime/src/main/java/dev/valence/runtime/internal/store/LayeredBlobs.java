package dev.valence.runtime.internal.store;

import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes to the main store's blobs; reads from the main store when its copy is whole, else from the
 * first fallback that has the blob.
 */
final class LayeredBlobs implements BlobStore {
    private final BlobStore main;
    private final List<ResultStore> fallbacks;

    LayeredBlobs(BlobStore main, List<ResultStore> fallbacks) {
        this.main = main;
        this.fallbacks = fallbacks;
    }

    @Override
    public BlobRef put(Path file) {
        return main.put(file);
    }

    @Override
    public BlobRef put(InputStream content) {
        return main.put(content);
    }

    @Override
    public boolean contains(String sha256) {
        return main.contains(sha256) || holder(sha256) != null;
    }

    /** Whole in the main store, or else in the fallback that reads would use. */
    @Override
    public boolean isIntact(String sha256) {
        if (main.isIntact(sha256)) {
            return true;
        }
        BlobStore holder = holder(sha256);
        return holder != null && holder.isIntact(sha256);
    }

    /** Reads the main store's copy when it is whole, else a fallback's (which checks its own). */
    @Override
    public InputStream open(String sha256) {
        return reader(sha256).open(sha256);
    }

    @Override
    public long size(String sha256) {
        BlobStore holder = main.contains(sha256) ? main : holder(sha256);
        return (holder != null ? holder : main).size(sha256);
    }

    /**
     * Copies a fallback's blob into the main store first when the main store has no whole copy:
     * files are only ever made there, and the put replaces a damaged main copy.
     */
    @Override
    public Path materialize(String sha256, String fileName) {
        if (!main.isIntact(sha256)) {
            BlobStore holder = holder(sha256);
            if (holder != null) {
                try (InputStream in = holder.open(sha256)) {
                    main.put(in);
                } catch (java.io.IOException e) {
                    throw new StoreException("cannot copy the blob " + sha256 + " from a fallback store: " + e, e);
                }
            }
        }
        return main.materialize(sha256, fileName);
    }

    /** The main store when its copy is whole; else the first fallback holding one; else main, to report. */
    private BlobStore reader(String sha256) {
        if (main.isIntact(sha256)) {
            return main;
        }
        BlobStore holder = holder(sha256);
        return holder != null ? holder : main;
    }

    private BlobStore holder(String sha256) {
        for (ResultStore fallback : fallbacks) {
            BlobStore blobs;
            try {
                blobs = fallback.blobs();
            } catch (UnsupportedOperationException e) {
                continue;
            }
            if (blobs.contains(sha256)) {
                return blobs;
            }
        }
        return null;
    }
}
