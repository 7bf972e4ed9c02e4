package dev.valence.runtime.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.internal.fingerprint.Fingerprinter;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import dev.valence.runtime.spi.store.ValueStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parts of each code fingerprint, kept in the store so that {@code explain} can name the part
 * that changed between two dispatches ("method q.Fmt#row(int) changed"), even when one of them ran
 * in another process with other code. Stored as a value (JSON of the part names and their short
 * hashes) under a key derived from the code fingerprint, written with the dispatch's record: no
 * schema of its own, any store keeps it. Unreferenced by nodes, it goes with a prune; {@code
 * explain} then says only that the fingerprint changed.
 */
public final class CodeParts {
    private static final String TYPE = "java.util.Map<java.lang.String,java.lang.String>";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Code fingerprints whose parts this process wrote, so each is encoded once. */
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    /**
     * @param codeFingerprint an electron's code fingerprint
     * @return the key its parts are stored under
     */
    public static String key(String codeFingerprint) {
        return Fingerprinter.hashOfParts(List.of("valence-code-parts/1", codeFingerprint));
    }

    /** @return the values to store with a dispatch: the parts of each of its electrons' code not written yet */
    List<StoredValue> toStore(Graph graph) {
        Map<String, ElectronRef<?>> electrons = new LinkedHashMap<>();
        for (Node node : graph.nodes()) {
            if (node instanceof Node.Call call
                    && !call.electron().codeFingerprint().isEmpty()) {
                electrons.putIfAbsent(call.electron().codeFingerprint(), call.electron());
            }
        }
        List<StoredValue> values = new ArrayList<>();
        electrons.forEach((fingerprint, electron) -> {
            SortedMap<String, String> parts = electron.codeParts();
            if (!parts.isEmpty() && written.add(fingerprint)) {
                try {
                    values.add(
                            new StoredValue(key(fingerprint), "json", TYPE, JSON.writeValueAsBytes(parts), List.of()));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a map of strings always writes as JSON", e);
                }
            }
        });
        return values;
    }

    /**
     * @param values the store's values
     * @param codeFingerprint a code fingerprint
     * @return its parts, if they are stored and readable
     */
    public static Optional<SortedMap<String, String>> read(ValueStore values, String codeFingerprint) {
        if (codeFingerprint == null || codeFingerprint.isEmpty()) {
            return Optional.empty();
        }
        try {
            Optional<StoredValue> stored = values.value(key(codeFingerprint));
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(
                    new TreeMap<>(JSON.readValue(stored.get().data(), new TypeReference<Map<String, String>>() {})));
        } catch (IOException | StoreException e) {
            return Optional.empty(); // damaged or unreadable: explain says less, never something wrong
        }
    }

    /**
     * The parts that differ, in words: changed, added and removed.
     *
     * @param then the parts of the earlier code
     * @param now the parts of the code now
     * @return one line per part that differs
     */
    public static List<String> differences(SortedMap<String, String> then, SortedMap<String, String> now) {
        List<String> lines = new ArrayList<>();
        now.forEach((part, hash) -> {
            String before = then.get(part);
            if (before == null) {
                lines.add(part + " is new");
            } else if (!before.equals(hash)) {
                lines.add(part + " changed" + jarChange(before, hash));
            }
        });
        then.keySet().stream()
                .filter(part -> !now.containsKey(part))
                .forEach(part -> lines.add(part + " is no longer reached"));
        return lines;
    }

    /** For a class of a jar: which jars it came from, when they differ. */
    private static String jarChange(String before, String now) {
        String from = " from ";
        String jarBefore = before.contains(from) ? before.substring(before.indexOf(from) + from.length()) : null;
        String jarNow = now.contains(from) ? now.substring(now.indexOf(from) + from.length()) : null;
        if (jarNow == null) {
            return "";
        }
        return jarNow.equals(jarBefore) ? " (in " + jarNow + ")" : " (" + jarBefore + " -> " + jarNow + ")";
    }
}
