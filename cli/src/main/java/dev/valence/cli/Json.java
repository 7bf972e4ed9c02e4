package dev.valence.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code --json} output. Documents are built as ordered maps of plain values (strings,
 * numbers, booleans, lists, maps) so that the field names are chosen here, in one place per
 * command, and do not change when a runtime record gains a component.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private Json() {}

    /** Prints one indented document. */
    static void print(PrintWriter out, Object document) {
        out.println(write(MAPPER, document));
        out.flush();
    }

    /** Prints one document on one line: a stream of them is JSON Lines. */
    static void printLine(PrintWriter out, Object document) {
        out.println(write(COMPACT, document));
        out.flush();
    }

    private static String write(ObjectMapper mapper, Object document) {
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            // Only plain values reach here; a failure is a bug of this command, not of the user's store.
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** @return a new ordered object */
    static Map<String, Object> object() {
        return new LinkedHashMap<>();
    }

    /** @return an instant as ISO-8601 text, or null */
    static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** @return an optional instant as ISO-8601 text, or null */
    static String time(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }

    /** @return a duration in milliseconds, or null */
    static Long millis(Optional<Duration> duration) {
        return duration.map(Duration::toMillis).orElse(null);
    }
}
