package dev.valence.runtime.internal.fingerprint;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which maps and sets have no encounter order, so that their fingerprint sorts them; every other
 * collection is fingerprinted in the order it iterates, since an electron reading it (its first
 * key, a join of its elements) sees that order.
 *
 * <p>Unordered means a JDK class whose iteration order is not part of its contract: two equal
 * values may iterate differently, so the order cannot be content. The list is closed on purpose: a
 * class not on it (a user's {@code Set}, a {@code Collections.unmodifiableMap} wrapper, a view like
 * {@code HashMap.keySet()}) is taken in its iteration order, which at worst makes two equal values
 * two keys (a miss), never two different values one key (a wrong hit).
 */
final class Containers {
    /**
     * Exact classes with no encounter order: the hash-based collections, the immutable {@code
     * Set.of}/{@code Map.of} families (whose order changes from one JVM to the next), and the
     * empty and singleton sets and maps of {@link Collections}, which have at most one element.
     */
    private static final Set<Class<?>> UNORDERED = Set.copyOf(List.of( // copyOf: Set.of(1), Set.of() may share a class
            HashMap.class,
            HashSet.class,
            Hashtable.class,
            Properties.class,
            ConcurrentHashMap.class,
            ConcurrentHashMap.KeySetView.class,
            IdentityHashMap.class,
            WeakHashMap.class,
            Set.of().getClass(),
            Set.of(1).getClass(),
            Set.of(1, 2, 3).getClass(),
            Map.of().getClass(),
            Map.of(1, 1).getClass(),
            Map.of(1, 1, 2, 2, 3, 3).getClass(),
            Collections.emptySet().getClass(),
            Collections.singleton(1).getClass(),
            Collections.emptyMap().getClass(),
            Collections.singletonMap(1, 1).getClass()));

    private Containers() {}

    /**
     * Whether this map or set has no encounter order. {@code EnumSet} and {@code EnumMap} count as
     * unordered too: their order (by ordinal) follows from their content alone, so sorting them
     * loses nothing, and they then share keys with the hash-based sets and maps that JSON reads
     * them back as.
     */
    static boolean isUnordered(Object container) {
        return UNORDERED.contains(container.getClass())
                || container instanceof EnumSet<?>
                || container instanceof EnumMap<?, ?>;
    }
}
