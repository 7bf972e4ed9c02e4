package dev.valence.postgres.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * A blob's bytes read from the database a chunk at a time: one short query per chunk, so no
 * connection is held while the caller reads, and at most one chunk is in memory.
 */
final class ChunkStream extends InputStream {
    private final PgDatabase database;
    private final String sha256;
    private byte[] chunk = new byte[0];
    private int position;
    private int next;
    private boolean ended;

    ChunkStream(PgDatabase database, String sha256) {
        this.database = database;
        this.sha256 = sha256;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return chunk[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, buffer, offset, n);
        position += n;
        return n;
    }

    /** @return whether bytes are available, reading the next chunk when the current one is used up */
    private boolean fill() throws IOException {
        while (!ended && position >= chunk.length) {
            int index = next++;
            byte[] read;
            try {
                read = database.query(
                        "read chunk " + index + " of the blob " + sha256,
                        "SELECT data FROM blob_chunks WHERE sha256 = ? AND chunk = ?",
                        statement -> {
                            statement.setString(1, sha256);
                            statement.setInt(2, index);
                        },
                        rows -> rows.next() ? rows.getBytes(1) : null);
            } catch (RuntimeException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (read == null) {
                ended = true;
            } else {
                chunk = read;
                position = 0;
            }
        }
        return !ended || position < chunk.length;
    }
}
