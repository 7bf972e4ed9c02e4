package dev.valence.runtime;

/**
 * What a store's prune (see {@code Valence.prune()}) deleted.
 *
 * @param values how many stored values no node referenced any more
 * @param valueBytes the encoded bytes of those values
 * @param blobs how many blobs no remaining value referenced
 * @param blobBytes the bytes of those blobs
 */
public record Pruned(int values, long valueBytes, int blobs, long blobBytes) {
    /** Nothing deleted. */
    public static final Pruned NOTHING = new Pruned(0, 0, 0, 0);

    /** @return the bytes freed in all (the database file shrinks only after a vacuum) */
    public long bytes() {
        return valueBytes + blobBytes;
    }
}
