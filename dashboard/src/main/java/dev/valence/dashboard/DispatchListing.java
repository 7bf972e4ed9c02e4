package dev.valence.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchSummary;
import dev.valence.runtime.Valence;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The dispatch list: filtered, sorted and paged in the server, so a store with many dispatches
 * sends one page. Counts are read only for the page's dispatches, and kept for ended ones, which
 * no longer change.
 */
final class DispatchListing {
    private final Valence valence;
    private final Map<String, Counts> endedCounts = new ConcurrentHashMap<>();

    DispatchListing(Valence valence) {
        this.valence = valence;
    }

    void write(JsonGenerator json, Query query) throws IOException {
        Instant now = Instant.now();
        List<DispatchSummary> matching =
                valence.dispatches().stream().filter(filter(query)).collect(Collectors.toList());
        matching.sort(order(query, now));
        int offset = query.number("offset", 0, 0, Integer.MAX_VALUE);
        int limit = query.number("limit", 50, 1, 500);
        json.writeStartObject();
        json.writeNumberField("total", matching.size());
        json.writeNumberField("offset", offset);
        json.writeNumberField("limit", limit);
        json.writeArrayFieldStart("items");
        for (DispatchSummary summary :
                matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()))) {
            writeItem(json, summary, now);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /** Forgets a deleted dispatch's counts. */
    void forget(String id) {
        endedCounts.remove(id);
    }

    private void writeItem(JsonGenerator json, DispatchSummary summary, Instant now) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", summary.id());
        json.writeStringField("lattice", summary.lattice());
        json.writeStringField("status", summary.status().name());
        Answers.time(json, "createdAt", summary.createdAt());
        Answers.time(json, "endedAt", summary.endedAt());
        json.writeNumberField("durationMs", duration(summary, now).toMillis());
        if (summary.redispatchOf() != null) {
            json.writeStringField("redispatchOf", summary.redispatchOf());
        }
        Optional<Counts> counts = counts(summary);
        if (counts.isPresent()) {
            counts.get().writeFields(json);
        }
        json.writeEndObject();
    }

    private Optional<Counts> counts(DispatchSummary summary) {
        Counts known = endedCounts.get(summary.id());
        if (known != null) {
            return Optional.of(known);
        }
        Optional<DispatchResult<Object>> result = valence.result(summary.id());
        if (result.isEmpty()) {
            return Optional.empty(); // deleted meanwhile
        }
        Counts counts = Counts.of(result.get());
        if (result.get().status().isFinal()) {
            endedCounts.put(summary.id(), counts);
        }
        return Optional.of(counts);
    }

    private static Duration duration(DispatchSummary summary, Instant now) {
        Instant end = summary.endedAt() == null ? now : summary.endedAt();
        return Duration.between(summary.createdAt(), end);
    }

    private static java.util.function.Predicate<DispatchSummary> filter(Query query) {
        String status = query.get("status", "");
        Set<String> statuses = status.isEmpty()
                ? Set.of()
                : Arrays.stream(status.split(","))
                        .map(s -> s.trim().toUpperCase(Locale.ROOT))
                        .collect(Collectors.toSet());
        String text = query.get("q", "").toLowerCase(Locale.ROOT);
        return summary ->
                (statuses.isEmpty() || statuses.contains(summary.status().name()))
                        && (text.isEmpty()
                                || summary.lattice().toLowerCase(Locale.ROOT).contains(text)
                                || summary.id().toLowerCase(Locale.ROOT).contains(text));
    }

    private static Comparator<DispatchSummary> order(Query query, Instant now) {
        Comparator<DispatchSummary> by = switch (query.get("sort", "started")) {
            case "duration" -> Comparator.comparing(summary -> duration(summary, now));
            case "lattice" -> Comparator.comparing(DispatchSummary::lattice);
            case "status" -> Comparator.comparing(summary -> summary.status().name());
            default -> Comparator.comparing(DispatchSummary::createdAt);
        };
        // Ties keep a stable order between pages: by start, then id.
        by = by.thenComparing(DispatchSummary::createdAt).thenComparing(DispatchSummary::id);
        return "asc".equals(query.get("order", "desc")) ? by : by.reversed();
    }
}
