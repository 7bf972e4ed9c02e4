package dev.valence.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeResult;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dispatch with its nodes, as columns (one array per field, the node's index is its position)
 * rather than an object per node: 10,000 nodes make a small answer, quick to write and to parse.
 * {@code reusedFrom[i]} is a position in {@code reusedFromIds}, or null.
 */
final class DispatchView {
    private DispatchView() {}

    static void write(JsonGenerator json, DispatchResult<?> result) throws IOException {
        List<NodeResult> nodes = result.nodes();
        json.writeStartObject();
        json.writeStringField("id", result.id());
        json.writeStringField("lattice", result.lattice());
        json.writeStringField("status", result.status().name());
        Answers.time(json, "createdAt", result.createdAt());
        Answers.time(json, "endedAt", result.endedAt().orElse(null));
        json.writeStringField("reuse", result.reuse());
        json.writeStringField("redispatchOf", result.redispatchOf().orElse(null));
        json.writeStringField("parentId", result.parentId().orElse(null));
        json.writeStringField("error", result.error().orElse(null));
        Counts counts = Counts.of(result);
        json.writeObjectFieldStart("counts");
        counts.writeFields(json);
        json.writeEndObject();
        json.writeObjectFieldStart("nodes");
        json.writeNumberField("count", nodes.size());
        json.writeArrayFieldStart("name");
        for (NodeResult node : nodes) {
            json.writeString(node.name());
        }
        json.writeEndArray();
        json.writeArrayFieldStart("kind");
        for (NodeResult node : nodes) {
            json.writeString(node.kind().name());
        }
        json.writeEndArray();
        writeStatuses(json, nodes);
        writeTimes(json, nodes);
        // Reused nodes mostly come from a few dispatches: each id is written once, nodes name its position.
        Map<String, Integer> sources = new LinkedHashMap<>();
        json.writeArrayFieldStart("reusedFrom");
        for (NodeResult node : nodes) {
            String from = node.reusedFrom().orElse(null);
            if (from == null) {
                json.writeNull();
            } else {
                json.writeNumber(sources.computeIfAbsent(from, key -> sources.size()));
            }
        }
        json.writeEndArray();
        json.writeArrayFieldStart("reusedFromIds");
        for (String source : sources.keySet()) {
            json.writeString(source);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("args");
        for (NodeResult node : nodes) {
            json.writeStartArray();
            for (int argument : node.arguments()) {
                json.writeNumber(argument);
            }
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }

    static void writeStatuses(JsonGenerator json, List<NodeResult> nodes) throws IOException {
        json.writeArrayFieldStart("status");
        for (NodeResult node : nodes) {
            json.writeString(node.status().name());
        }
        json.writeEndArray();
    }

    static void writeTimes(JsonGenerator json, List<NodeResult> nodes) throws IOException {
        json.writeArrayFieldStart("start");
        for (NodeResult node : nodes) {
            writeTime(json, node.startTime().orElse(null));
        }
        json.writeEndArray();
        json.writeArrayFieldStart("end");
        for (NodeResult node : nodes) {
            writeTime(json, node.endTime().orElse(null));
        }
        json.writeEndArray();
    }

    private static void writeTime(JsonGenerator json, Instant time) throws IOException {
        if (time == null) {
            json.writeNull();
        } else {
            json.writeNumber(time.toEpochMilli());
        }
    }
}
