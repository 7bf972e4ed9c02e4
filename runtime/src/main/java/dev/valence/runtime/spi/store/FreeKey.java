package dev.valence.runtime.spi.store;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ResultStore#lookupIfFree} found for a key nobody else holds: the fencing token this
 * process computes it under, and what the key index held for it, read after (or together with) the
 * lease row.
 *
 * @param token the key's token, as {@link Coordination#tokenIfFree} gives it (0 or more)
 * @param found the key's stored result, as {@link ResultIndex#lookup} gives it
 */
public record FreeKey(long token, Optional<CachedResult> found) {
    /**
     * Checks the fields.
     *
     * @param token the token
     * @param found the found
     */
    public FreeKey {
        if (token < 0) {
            throw new IllegalArgumentException("a free key has a token of 0 or more, got " + token);
        }
        Objects.requireNonNull(found, "found");
    }
}
