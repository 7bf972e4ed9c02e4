package dev.valence.runtime.internal.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * How the JSON codec stores a {@link CommandResult}, wherever it sits in a value (returned by an
 * electron, or inside a list a collection node assembles): writing it first moves its files into
 * the store's blob area, then writes the references as JSON; reading it binds it to the blob area.
 *
 * <p>The store must know which blobs a value refers to (to check them before reuse, and to keep
 * them when pruning) without knowing this format: an encoding run inside {@link #recordingBlobs}
 * reports the hash of every blob it wrote a reference to.
 */
final class CommandResultJson {
    /** Changes when the stored form changes. */
    static final String FORMAT = "valence-command/1";

    /** The stored form: references only, never the bytes. */
    record Stored(
            String format,
            int exitCode,
            long durationNanos,
            BlobRef stdout,
            BlobRef stderr,
            SortedMap<String, BlobRef> outputs) {}

    /** The blobs referred to by the encoding running on this thread, or null outside {@link #recordingBlobs}. */
    private static final ThreadLocal<List<String>> RECORDING = new ThreadLocal<>();

    private CommandResultJson() {}

    /**
     * Runs an encoding and notes the blobs every {@code CommandResult} it writes refers to. A
     * recording inside another passes its blobs on to the outer one too.
     *
     * @param encoding the codec's encode call, run on this thread
     * @param blobs receives the SHA-256 of each referenced blob, once each, in the order written
     * @return the encoded bytes
     */
    static byte[] recordingBlobs(Supplier<byte[]> encoding, List<String> blobs) {
        List<String> outer = RECORDING.get();
        List<String> recorded = new ArrayList<>();
        RECORDING.set(recorded);
        byte[] bytes;
        try {
            bytes = encoding.get();
        } finally {
            if (outer == null) {
                RECORDING.remove();
            } else {
                RECORDING.set(outer);
            }
        }
        for (String sha256 : recorded) {
            if (!blobs.contains(sha256)) {
                blobs.add(sha256);
            }
        }
        if (outer != null) {
            outer.addAll(recorded);
        }
        return bytes;
    }

    /** Notes the blobs of a result just stored, for the recording on this thread if there is one. */
    private static void record(CommandResult stored) {
        List<String> recording = RECORDING.get();
        if (recording == null) {
            return;
        }
        recording.add(stored.stdoutRef().sha256());
        recording.add(stored.stderrRef().sha256());
        stored.outputs().values().forEach(ref -> recording.add(ref.sha256()));
    }

    static SimpleModule module(Supplier<BlobStore> blobs) {
        SimpleModule module = new SimpleModule("valence-command-result");
        module.addSerializer(CommandResult.class, new Serializer(blobs));
        module.addDeserializer(CommandResult.class, new Deserializer(blobs));
        return module;
    }

    static BlobStore blobs(Supplier<BlobStore> blobs) {
        try {
            return blobs.get();
        } catch (UnsupportedOperationException e) {
            throw new CodecException("Valence cannot store or read a CommandResult here: " + e.getMessage(), e);
        }
    }

    private static final class Serializer extends StdSerializer<CommandResult> {
        private static final long serialVersionUID = 1L;
        private final transient Supplier<BlobStore> blobs;

        Serializer(Supplier<BlobStore> blobs) {
            super(CommandResult.class);
            this.blobs = blobs;
        }

        @Override
        public void serialize(CommandResult result, JsonGenerator generator, SerializerProvider provider)
                throws IOException {
            CommandResult stored;
            try {
                stored = result.storeIn(blobs(blobs));
            } catch (CodecException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CodecException(
                        "Valence cannot store the files of a CommandResult in the store: " + e.getMessage(), e);
            }
            record(stored);
            provider.defaultSerializeValue(
                    new Stored(
                            FORMAT,
                            stored.exitCode(),
                            stored.duration().toNanos(),
                            stored.stdoutRef(),
                            stored.stderrRef(),
                            stored.outputs()),
                    generator);
        }
    }

    private static final class Deserializer extends StdDeserializer<CommandResult> {
        private static final long serialVersionUID = 1L;
        private final transient Supplier<BlobStore> blobs;

        Deserializer(Supplier<BlobStore> blobs) {
            super(CommandResult.class);
            this.blobs = blobs;
        }

        @Override
        public CommandResult deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Stored stored = context.readValue(parser, Stored.class);
            if (!FORMAT.equals(stored.format())) {
                throw new CodecException(
                        "a stored CommandResult has the format '" + stored.format() + "', which this version of"
                                + " Valence does not read (it reads " + FORMAT + ")",
                        null);
            }
            Map<String, BlobRef> outputs = stored.outputs() == null ? Map.of() : stored.outputs();
            return CommandResult.stored(
                    stored.exitCode(),
                    Duration.ofNanos(stored.durationNanos()),
                    stored.stdout(),
                    stored.stderr(),
                    outputs,
                    blobs(blobs));
        }
    }
}
