package dev.valence.runtime.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.internal.store.FileBlobStore;
import dev.valence.runtime.spi.store.BlobRef;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encoding reports the blobs it refers to, so that the store records them without reading the
 * codec's format: every file of every {@link CommandResult} in the value, once each.
 */
class EncodedBlobsTest {
    private static final String RESULT = CommandResult.class.getName();

    @TempDir
    Path folder;

    @Test
    void anEncodedCommandResultListsItsBlobsWhereverItSits() {
        FileBlobStore blobs = new FileBlobStore(folder);
        Codecs codecs = new Codecs(List.of(), getClass().getClassLoader(), () -> blobs);
        BlobRef stdout = put(blobs, "out");
        BlobRef stderr = put(blobs, "");
        BlobRef file = put(blobs, "file");
        CommandResult first = CommandResult.stored(0, Duration.ZERO, stdout, stderr, Map.of("a.txt", file), blobs);
        CommandResult second = CommandResult.stored(0, Duration.ZERO, stdout, stderr, Map.of(), blobs);

        Codecs.Encoded one = codecs.encode(first, codecs.type(RESULT));
        assertEquals(JsonCodec.NAME, one.codec());
        assertEquals(List.of(stdout.sha256(), stderr.sha256(), file.sha256()), one.blobs());

        Codecs.Encoded both = codecs.encode(List.of(second, first), codecs.type("java.util.List<" + RESULT + ">"));
        assertEquals(List.of(stdout.sha256(), stderr.sha256(), file.sha256()), both.blobs(), "once each");

        assertEquals(
                List.of(),
                codecs.encode("text", codecs.type("java.lang.String")).blobs());
    }

    private static BlobRef put(FileBlobStore blobs, String text) {
        return blobs.put(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }
}
