package dev.valence.runtime.graph;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** Parses the ISO-8601 durations of electron attributes, with messages that show a valid one. */
final class Durations {
    private Durations() {}

    static Duration parse(String attribute, String text, boolean zeroAllowed) {
        Duration parsed;
        try {
            parsed = Duration.parse(Objects.requireNonNull(text, attribute));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    attribute + " must be an ISO-8601 duration such as PT30S, got '" + text + "'", e);
        }
        if (parsed.isNegative() || (!zeroAllowed && parsed.isZero())) {
            throw new IllegalArgumentException(
                    attribute + " must be " + (zeroAllowed ? "zero or more" : "positive") + ", got " + text);
        }
        return parsed;
    }
}
