package dev.valence.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeResult;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * What a live feed compares between two reads of a dispatch: each node's status, start and end,
 * and the dispatch's status. Times are epoch milliseconds, {@link #NONE} when absent.
 */
final class NodeStates {
    static final long NONE = Long.MIN_VALUE;

    final String dispatchStatus;
    final String[] status;
    final long[] start;
    final long[] end;
    final Counts counts;

    private NodeStates(String dispatchStatus, String[] status, long[] start, long[] end, Counts counts) {
        this.dispatchStatus = dispatchStatus;
        this.status = status;
        this.start = start;
        this.end = end;
        this.counts = counts;
    }

    static NodeStates of(DispatchResult<?> result) {
        List<NodeResult> nodes = result.nodes();
        String[] status = new String[nodes.size()];
        long[] start = new long[nodes.size()];
        long[] end = new long[nodes.size()];
        for (int i = 0; i < status.length; i++) {
            NodeResult node = nodes.get(i);
            status[i] = node.status().name();
            start[i] = millis(node.startTime().orElse(null));
            end[i] = millis(node.endTime().orElse(null));
        }
        return new NodeStates(result.status().name(), status, start, end, Counts.of(result));
    }

    boolean ended() {
        return !"RUNNING".equals(dispatchStatus);
    }

    /**
     * Writes the nodes that differ from {@code before} (every node when {@code before} is null) as
     * {@code [index, status, start, end]}.
     *
     * @return how many nodes were written
     */
    int writeChanges(JsonGenerator json, NodeStates before) throws IOException {
        int written = 0;
        json.writeStartObject();
        json.writeStringField("status", dispatchStatus);
        json.writeObjectFieldStart("counts");
        counts.writeFields(json);
        json.writeEndObject();
        json.writeArrayFieldStart("nodes");
        for (int i = 0; i < status.length; i++) {
            boolean same = before != null
                    && i < before.status.length
                    && before.status[i].equals(status[i])
                    && before.start[i] == start[i]
                    && before.end[i] == end[i];
            if (same) {
                continue;
            }
            written++;
            json.writeStartArray();
            json.writeNumber(i);
            json.writeString(status[i]);
            writeMillis(json, start[i]);
            writeMillis(json, end[i]);
            json.writeEndArray();
        }
        json.writeEndArray();
        json.writeEndObject();
        return written;
    }

    private static long millis(Instant time) {
        return time == null ? NONE : time.toEpochMilli();
    }

    private static void writeMillis(JsonGenerator json, long millis) throws IOException {
        if (millis == NONE) {
            json.writeNull();
        } else {
            json.writeNumber(millis);
        }
    }
}
