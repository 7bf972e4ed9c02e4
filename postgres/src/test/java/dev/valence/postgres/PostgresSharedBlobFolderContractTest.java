package dev.valence.postgres;

import dev.valence.runtime.spi.store.ResultStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The store contract on the PostgreSQL store with its blobs in a shared folder ({@code
 * blobFolder}), as machines that mount one folder use it: every opening names the same folder.
 */
class PostgresSharedBlobFolderContractTest extends PostgresStoreContractTest {
    private int openings;

    private Path blobs() {
        return work.resolve("shared-blobs");
    }

    @Override
    protected ResultStore open() {
        return PostgresStore.builder(database.url())
                .schema(database.schema())
                .cacheFolder(work.resolve("local-" + openings++))
                .blobFolder(blobs())
                .open();
    }

    @Override
    protected void damageBlob(String sha256) {
        Path blob = blobs().resolve("blobs").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2));
        if (!blob.toFile().setWritable(true)) {
            throw new AssertionError("cannot make " + blob + " writable");
        }
        try (RandomAccessFile file = new RandomAccessFile(blob.toFile(), "rw")) {
            file.seek(file.length() / 2);
            int old = file.read();
            file.seek(file.length() / 2);
            file.write(old ^ 0xff);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
