package dev.valence.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.spi.store.CapturedOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Optional;

/** One node's details for the side panel: everything stored about it, and a preview of its value. */
final class NodeDetails {
    private NodeDetails() {}

    static void write(JsonGenerator json, DispatchResult<?> result, NodeResult node) throws IOException {
        json.writeStartObject();
        json.writeNumberField("index", node.index());
        json.writeStringField("name", node.name());
        json.writeStringField("kind", node.kind().name());
        json.writeStringField("status", node.status().name());
        json.writeStringField("electron", node.electronId().orElse(null));
        json.writeNumberField("attempts", node.attempts());
        Answers.time(json, "startedAt", node.startTime().orElse(null));
        Answers.time(json, "endedAt", node.endTime().orElse(null));
        if (node.duration().isPresent()) {
            json.writeNumberField(
                    "durationMs", node.duration().map(Duration::toMillis).orElse(0L));
        }
        json.writeStringField("reusedFrom", node.reusedFrom().orElse(null));
        json.writeStringField("reason", node.reason().orElse(null));
        json.writeStringField("codeFingerprint", node.codeFingerprint().orElse(null));
        json.writeStringField("cacheKey", node.cacheKey().orElse(null));
        json.writeStringField("valueFingerprint", node.valueFingerprint().orElse(null));
        json.writeStringField("error", node.error().orElse(null));
        json.writeArrayFieldStart("arguments");
        for (int argument : node.arguments()) {
            json.writeNumber(argument);
        }
        json.writeEndArray();
        writeOutput(json, node);
        if (node.kind() == NodeKind.SUBLATTICE) {
            json.writeStringField("childDispatch", child(result, node));
        }
        writeValue(json, node);
        Optional<CommandResult> command = CommandFiles.of(node);
        if (command.isPresent()) {
            CommandFiles.write(json, result.id(), node, command.get());
        }
        json.writeEndObject();
    }

    private static void writeOutput(JsonGenerator json, NodeResult node) throws IOException {
        json.writeStringField("stdout", node.stdout());
        json.writeStringField("stderr", node.stderr());
        CapturedOutput output = node.output().orElse(null);
        json.writeBooleanField(
                "outputTruncated",
                output != null
                        && (output.stdout().truncated() || output.stderr().truncated()));
    }

    private static String child(DispatchResult<?> result, NodeResult node) {
        try {
            return result.sublattice(node.name()).id();
        } catch (NoSuchElementException notYet) {
            return null; // its child has not started
        }
    }

    private static void writeValue(JsonGenerator json, NodeResult node) throws IOException {
        if (!node.status().hasValue() || node.valueFingerprint().isEmpty()) {
            return;
        }
        try {
            ValuePreview.Preview preview = ValuePreview.of(node.value());
            json.writeStringField("value", preview.text());
            json.writeBooleanField("valueTruncated", preview.truncated());
        } catch (RuntimeException e) {
            // The code that declares the value's type is not on this class path, or the value is damaged.
            json.writeStringField("valueUnavailable", String.valueOf(e.getMessage()));
        }
    }
}
