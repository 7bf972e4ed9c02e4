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
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * How the JSON codec stores a {@link CommandResult}, wherever it sits in a value (returned by an
 * electron, or inside a list a collection node assembles): writing it first moves its files into
 * the store's blob area, then writes the references as JSON; reading it binds it to the blob area.
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

    private CommandResultJson() {}

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
