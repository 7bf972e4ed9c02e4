package dev.valence.runtime.internal.engine;

import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Parameter;
import dev.valence.runtime.internal.codec.Codecs;
import dev.valence.runtime.internal.codec.SerializationCodec;
import dev.valence.runtime.internal.codec.TypeResolver;
import dev.valence.runtime.internal.fingerprint.Fingerprinter;
import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fingerprints values, encodes them for the store and loads them back: the one place that knows
 * which codec writes which value.
 */
final class Values {
    /**
     * The scheme of cache keys and value fingerprints. 2: strings as UTF-16 code units, ordered
     * collections in their order, sorted ones with their comparator (issue 12). Keys of stores made
     * before are never produced again: such stores miss once and are recomputed, never a wrong hit.
     */
    private static final String KEY_FORMAT = "valence-key/2";

    private final ResultStore store;
    private final Fingerprinter fingerprinter;
    private final TypeResolver types;
    private final Set<ElectronRef<?>> checked = ConcurrentHashMap.newKeySet();
    private final Codecs codecs;
    /** Values this process failed to decode: not reused here, but computed again and replaced. */
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();

    Values(
            ResultStore store,
            ClassLoader classLoader,
            List<FingerprintAdapter<?>> adapters,
            List<ValueCodec> userCodecs) {
        this.store = store;
        this.fingerprinter = new Fingerprinter(adapters);
        this.types = new TypeResolver(TypeFactory.defaultInstance().withClassLoader(classLoader));
        this.codecs = new Codecs(userCodecs, classLoader, store::blobs);
    }

    /**
     * Checks, before anything runs, that the electron's keyed parameters and its result have
     * types that can be fingerprinted, so a bad type fails the dispatch call, not a node halfway.
     *
     * @throws dev.valence.runtime.spi.fingerprint.UnsupportedValueException naming the type and the fix
     */
    void requireFingerprintable(ElectronRef<?> electron) {
        if (!checked.add(electron)) {
            return;
        }
        try {
            for (Parameter parameter : electron.parameters()) {
                if (parameter.keyed()) {
                    fingerprinter.requireFingerprintable(
                            types.resolve(parameter.type()),
                            "parameter '" + parameter.name() + "' of electron '" + electron.name() + "'");
                }
            }
            fingerprinter.requireFingerprintable(
                    types.resolve(electron.returnType()), "the result of electron '" + electron.name() + "'");
        } catch (RuntimeException e) {
            checked.remove(electron);
            throw e;
        }
    }

    String fingerprint(Object value) {
        return fingerprinter.fingerprint(value);
    }

    /**
     * Encodes a value with the first codec that takes it.
     *
     * @throws CodecException naming the type, why each codec refused it, and the fixes
     */
    StoredValue encode(Object value, String fingerprint, String type) {
        Codecs.Encoded encoded = codecs.encode(value, codecs.type(type), back -> sameFingerprint(back, fingerprint));
        return new StoredValue(fingerprint, encoded.codec(), type, encoded.bytes(), encoded.blobs());
    }

    /** Whether a value read back from its bytes is the one that was keyed: else it must not be stored so. */
    private boolean sameFingerprint(Object back, String fingerprint) {
        try {
            return fingerprint.equals(fingerprinter.fingerprint(back));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Why this process should not reuse a stored value, or empty when it may: it lacks the codec
     * that wrote the value, or it failed to decode it before.
     */
    Optional<String> whyNotReusable(String fingerprint, String codec) {
        if (codec != null && !codecs.has(codec)) {
            return Optional.of("the stored result was written with the codec '" + codec
                    + "', which this process does not have (register it with Valence.builder().codec(...))");
        }
        if (unreadable.contains(fingerprint)) {
            return Optional.of("this process could not decode the stored result " + fingerprint);
        }
        return Optional.empty();
    }

    /** A value computed afresh in place of one this process could not read. */
    void replaced(String fingerprint) {
        unreadable.remove(fingerprint);
    }

    /**
     * Loads a stored value as the given type, which must come from the code (the graph being run,
     * or the references {@link DeclaredTypes} finds), never from the store.
     *
     * @throws ValenceException when the value is missing or unreadable
     */
    Object load(String fingerprint, String type) {
        return decode(read(fingerprint), fingerprint, type);
    }

    /**
     * Loads a value as the type the store records, for code this process cannot find (a lattice
     * built by hand in another process): never with Java serialization unless the type names JDK
     * classes alone, since an edited store could otherwise name any class and have its {@code
     * readObject} run.
     *
     * @throws ValenceException when the value is missing, unreadable or refused
     */
    Object loadAsRecorded(String fingerprint, String recordedType, String node) {
        StoredValue stored = read(fingerprint);
        if (SerializationCodec.NAME.equals(stored.codec()) && !JdkTypes.only(recordedType)) {
            unreadable.add(fingerprint);
            throw new ValenceException("the value of node " + node + " is Java-serialized as " + recordedType
                    + ", a type only the store records: the code that declares it (a lattice built by hand) is not"
                    + " known to this Valence instance, and Valence decodes such values only as declared by the"
                    + " code; dispatch the workflow in this instance first, or use the generated lattices");
        }
        return decode(stored, fingerprint, recordedType);
    }

    private StoredValue read(String fingerprint) {
        Optional<StoredValue> found;
        try {
            found = store.values().value(fingerprint);
        } catch (StoreException e) {
            // A damaged value (its bytes do not match their checksum) or an unreadable store.
            throw new ValenceException(
                    "the value " + fingerprint + " cannot be read: " + e.getMessage()
                            + "; redispatch to compute it again",
                    e);
        }
        return found.orElseThrow(() -> new ValenceException("the value " + fingerprint + " is missing from the store;"
                + " redispatch with Reuse.NONE to compute it again"));
    }

    /** Decodes an argument its task carries (a worker's side of {@link RemoteTask.Inline}). */
    Object decode(RemoteTask.Inline inline, String fingerprint, String type) {
        return decode(new StoredValue(fingerprint, inline.codec(), inline.type(), inline.data()), fingerprint, type);
    }

    private Object decode(StoredValue stored, String fingerprint, String type) {
        try {
            return codecs.decode(stored.codec(), stored.data(), codecs.type(type));
        } catch (CodecException e) {
            unreadable.add(fingerprint);
            throw new ValenceException(
                    "the value " + fingerprint + " cannot be read: " + e.getMessage()
                            + " (the next dispatch in this process computes it again and replaces it)",
                    e);
        }
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
