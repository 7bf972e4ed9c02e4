package dev.valence.runtime.internal.fingerprint;

import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the adapter for a class: the one registered for exactly that class, otherwise the first
 * registered whose type is a supertype. The answer is cached per class, since the lookup runs for
 * every non-scalar value.
 */
final class AdapterLookup {
    private final List<FingerprintAdapter<?>> adapters;
    private final Map<Class<?>, FingerprintAdapter<?>> exact = new HashMap<>();
    private final ClassValue<Optional<FingerprintAdapter<?>>> cache = new ClassValue<>() {
        @Override
        protected Optional<FingerprintAdapter<?>> computeValue(Class<?> type) {
            return Optional.ofNullable(find(type));
        }
    };

    AdapterLookup(List<FingerprintAdapter<?>> adapters) {
        this.adapters = List.copyOf(adapters);
        for (FingerprintAdapter<?> adapter : this.adapters) {
            Class<?> type = adapter.type();
            // Fail at configuration time rather than ignore an adapter silently at run time.
            if (BuiltinTypes.isScalar(type)) {
                throw new IllegalArgumentException("a FingerprintAdapter for " + type.getName()
                        + " would never be used: Valence fingerprints " + type.getName() + " values itself");
            }
            if (type == Object.class) {
                throw new IllegalArgumentException("a FingerprintAdapter for java.lang.Object would also"
                        + " read its own canonical forms; register adapters for your own types instead");
            }
            if (exact.putIfAbsent(type, adapter) != null) {
                throw new IllegalArgumentException("two FingerprintAdapters for " + type.getName());
            }
        }
    }

    boolean isEmpty() {
        return adapters.isEmpty();
    }

    /** @return the adapter for values of this class, or null */
    FingerprintAdapter<?> forClass(Class<?> type) {
        return adapters.isEmpty() ? null : cache.get(type).orElse(null);
    }

    /** Whether some adapter might read a value declared with this type (its type or a subtype). */
    boolean mayApplyTo(Class<?> declared) {
        for (FingerprintAdapter<?> adapter : adapters) {
            if (adapter.type().isAssignableFrom(declared) || declared.isAssignableFrom(adapter.type())) {
                return true;
            }
        }
        return false;
    }

    private FingerprintAdapter<?> find(Class<?> type) {
        FingerprintAdapter<?> exactMatch = exact.get(type);
        if (exactMatch != null) {
            return exactMatch;
        }
        for (FingerprintAdapter<?> adapter : adapters) {
            if (adapter.type().isAssignableFrom(type)) {
                return adapter;
            }
        }
        return null;
    }
}
