package dev.valence.runtime.internal.fingerprint;

import java.io.File;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The JDK value types Valence encodes by itself ("scalars": no user-visible structure to walk).
 * They come before adapters and beans, so that no adapter can change how a String is hashed.
 */
final class BuiltinTypes {
    /**
     * java.time types whose {@code toString()} is their ISO form and tells apart exactly the values
     * that {@code equals} tells apart. All final; {@link ZoneId} (abstract) is handled on its own.
     */
    static final Set<Class<?>> TIME = Set.of(
            Instant.class,
            LocalDate.class,
            LocalTime.class,
            LocalDateTime.class,
            OffsetDateTime.class,
            OffsetTime.class,
            ZonedDateTime.class,
            Duration.class,
            Period.class,
            Year.class,
            YearMonth.class,
            MonthDay.class,
            ZoneOffset.class);

    private static final Set<Class<?>> FINAL_SCALARS = Set.of(
            String.class,
            Integer.class,
            Long.class,
            Double.class,
            Boolean.class,
            Float.class,
            Short.class,
            Byte.class,
            Character.class,
            BigInteger.class,
            BigDecimal.class,
            Optional.class,
            OptionalInt.class,
            OptionalLong.class,
            OptionalDouble.class,
            UUID.class,
            URI.class,
            Pattern.class);

    private BuiltinTypes() {}

    /** Whether values of exactly this class are encoded by Valence itself, whatever adapters say. */
    static boolean isScalar(Class<?> type) {
        return type.isPrimitive()
                || FINAL_SCALARS.contains(type)
                || TIME.contains(type)
                || ZoneId.class.isAssignableFrom(type)
                || Enum.class.isAssignableFrom(type)
                || Path.class.isAssignableFrom(type)
                || File.class.isAssignableFrom(type);
    }

    /**
     * Whether the class comes with the JDK. Such classes are never read as beans: their getters
     * expose state (a thread's priority, a builder's capacity), not content.
     */
    static boolean isPlatform(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }
}
