package dev.valence.runtime.internal.engine;

import dev.valence.runtime.spi.store.ForwardingResultStore;
import dev.valence.runtime.spi.store.ForwardingValueStore;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoredValue;
import dev.valence.runtime.spi.store.ValueStore;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * A worker's store with its small values' reads remembered: the tasks of a fan-out all read the
 * same argument, and a value never changes under its fingerprint (content-addressed), so one read
 * serves them all instead of one query per task. Only the stored row is kept (its bytes, already
 * checked against their checksum by the store); each task decodes its own copy, so an electron
 * that mutates its argument cannot change another task's. Blobs are not cached: large values are
 * read from the store each time.
 */
final class CachedValueReads extends ForwardingResultStore {
    /** Values larger than this are not kept. */
    static final int MAX_VALUE_BYTES = 64 * 1024;
    /** The bytes all kept values may hold together; the least recently read go first. */
    static final long MAX_TOTAL_BYTES = 16L * 1024 * 1024;

    private final ValueStore cached;

    CachedValueReads(ResultStore delegate) {
        super(delegate);
        this.cached = new Cached(delegate.values());
    }

    @Override
    public ValueStore values() {
        return cached;
    }

    /** The delegate's values with an LRU of small rows in front of {@link #value}. */
    private static final class Cached extends ForwardingValueStore {
        private long totalBytes;
        /** In access order: the first is the least recently read. */
        private final LinkedHashMap<String, StoredValue> rows = new LinkedHashMap<>(256, 0.75f, true);

        Cached(ValueStore values) {
            super(values);
        }

        @Override
        public Optional<StoredValue> value(String fingerprint) {
            synchronized (rows) {
                StoredValue kept = rows.get(fingerprint);
                if (kept != null) {
                    return Optional.of(kept);
                }
            }
            Optional<StoredValue> found = super.value(fingerprint);
            found.filter(value -> value.data().length <= MAX_VALUE_BYTES).ifPresent(this::keep);
            return found;
        }

        private void keep(StoredValue value) {
            synchronized (rows) {
                if (rows.putIfAbsent(value.fingerprint(), value) == null) {
                    totalBytes += value.data().length;
                }
                Iterator<StoredValue> oldest = rows.values().iterator();
                while (totalBytes > MAX_TOTAL_BYTES && oldest.hasNext()) {
                    totalBytes -= oldest.next().data().length;
                    oldest.remove();
                }
            }
        }

        @Override
        public void replaceValue(StoredValue value) {
            super.replaceValue(value);
            synchronized (rows) {
                StoredValue old = rows.remove(value.fingerprint());
                if (old != null) {
                    totalBytes -= old.data().length;
                }
            }
        }
    }
}
