package dev.valence.runtime;

import dev.valence.runtime.codec.JsonCodec;
import dev.valence.runtime.codec.ValueCodec;
import dev.valence.runtime.fingerprint.Fingerprinter;
import dev.valence.runtime.store.ResultStore;
import dev.valence.runtime.store.StoredValue;
import java.util.List;

/**
 * Fingerprints values, encodes them for the store and loads them back: the one place that knows
 * which codec writes which value.
 */
final class Values {
    private static final String KEY_FORMAT = "valence-key/1";

    private final ResultStore store;
    private final Fingerprinter fingerprinter = new Fingerprinter();
    private final ValueCodec json;

    Values(ResultStore store, ClassLoader classLoader) {
        this.store = store;
        this.json = new JsonCodec(classLoader);
    }

    String fingerprint(Object value) {
        return fingerprinter.fingerprint(value);
    }

    StoredValue encode(Object value, String fingerprint, String type) {
        return new StoredValue(fingerprint, json.name(), type, json.encode(value, type));
    }

    /**
     * Loads a stored value as the given type.
     *
     * @throws ValenceException when the value is missing or unreadable
     */
    Object load(String fingerprint, String type) {
        StoredValue stored = store.value(fingerprint)
                .orElseThrow(() -> new ValenceException("the value " + fingerprint + " is missing from the store;"
                        + " redispatch with Reuse.NONE to compute it again"));
        if (!json.name().equals(stored.codec())) {
            throw new ValenceException("the value " + fingerprint + " was written with codec '" + stored.codec()
                    + "', which this version of Valence does not have");
        }
        return json.decode(stored.data(), type);
    }

    /**
     * The cache key of a call: the electron's identity, code and version, and the fingerprints of
     * its arguments in order. An argument produced upstream contributes that node's output
     * fingerprint, so an upstream that reran with an identical output keeps this key (early
     * cutoff).
     */
    static String cacheKey(ElectronRef<?> electron, List<String> argumentFingerprints) {
        List<String> parts = new java.util.ArrayList<>(4 + argumentFingerprints.size());
        parts.add(KEY_FORMAT);
        parts.add(electron.id());
        parts.add(electron.codeFingerprint());
        parts.add(electron.version());
        parts.addAll(argumentFingerprints);
        return Fingerprinter.hashOfParts(parts);
    }
}
