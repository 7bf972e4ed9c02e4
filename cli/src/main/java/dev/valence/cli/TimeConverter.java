package dev.valence.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code --since} and {@code --before}: an ISO instant ({@code 2026-03-01T12:00:00Z}) or a
 * date ({@code 2026-03-01}, the start of that day in UTC, as the store's times are UTC).
 */
public final class TimeConverter implements ITypeConverter<Instant> {
    /** Made by picocli. */
    public TimeConverter() {}

    @Override
    public Instant convert(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new TypeConversionException(
                        "'" + value + "' is neither an ISO instant (2026-03-01T12:00:00Z) nor a date (2026-03-01)");
            }
        }
    }
}
