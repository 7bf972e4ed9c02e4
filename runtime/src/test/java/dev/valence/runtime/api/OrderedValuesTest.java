package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.STRING;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a collection with an encounter order is another value in another order. Before, every
 * map and set was fingerprinted sorted, so the second dispatch of each test was {@code REUSED}
 * and returned the first one's answer.
 */
class OrderedValuesTest {
    private static final String STRINGS_MAP = "java.util.Map<java.lang.String,java.lang.Integer>";

    @TempDir
    Path folder;

    private ValueCases cases;

    @BeforeEach
    void cases() {
        cases = new ValueCases(folder);
    }

    private static <K, V> Map<K, V> linked(K k1, V v1, K k2, V v2) {
        Map<K, V> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    @Test
    void aLinkedHashMapInAnotherOrderIsAnotherValue() {
        ElectronRef<String> firstKey = cases.electron(
                "firstKey",
                STRINGS_MAP,
                STRING,
                map -> ((Map<?, ?>) map).keySet().iterator().next());
        cases.assertRunsAgain(
                ValueCases.around(firstKey, STRINGS_MAP, STRING), linked("a", 1, "b", 2), linked("b", 2, "a", 1), "b");
    }

    @Test
    void aLinkedHashSetInAnotherOrderIsAnotherValue() {
        String type = "java.util.Set<java.lang.String>";
        ElectronRef<String> first = cases.electron(
                "firstOfSet",
                type,
                STRING,
                set -> ((Collection<?>) set).iterator().next());
        cases.assertRunsAgain(
                ValueCases.around(first, type, STRING),
                new LinkedHashSet<>(List.of("a", "b")),
                new LinkedHashSet<>(List.of("b", "a")),
                "b");
    }

    @Test
    void aSortedSetWithAReverseComparatorIsAnotherValue() {
        String type = "java.util.SortedSet<java.lang.String>";
        ElectronRef<String> first = cases.electron("firstOfSorted", type, STRING, set -> ((SortedSet<?>) set).first());
        SortedSet<String> reversed = new TreeSet<>(Collections.reverseOrder());
        reversed.addAll(List.of("a", "b"));
        cases.assertRunsAgain(ValueCases.around(first, type, STRING), new TreeSet<>(List.of("a", "b")), reversed, "b");
    }

    @Test
    void aSortedMapWithAReverseComparatorIsAnotherValue() {
        String type = "java.util.SortedMap<java.lang.String,java.lang.Integer>";
        ElectronRef<String> first =
                cases.electron("firstKeyOfSorted", type, STRING, map -> ((SortedMap<?, ?>) map).firstKey());
        SortedMap<String, Integer> reversed = new TreeMap<>(Collections.reverseOrder());
        reversed.putAll(Map.of("a", 1, "b", 2));
        cases.assertRunsAgain(
                ValueCases.around(first, type, STRING), new TreeMap<>(Map.of("a", 1, "b", 2)), reversed, "b");
    }

    /** A redispatch rebuilds its inputs from the store: they must come back in their order, under the same key. */
    @Test
    void orderedInputsReadBackInTheirOrder() {
        ElectronRef<String> firstKey = cases.electron(
                "firstKeyAgain",
                STRINGS_MAP,
                STRING,
                map -> ((Map<?, ?>) map).keySet().iterator().next());
        String setType = "java.util.SortedSet<java.lang.String>";
        ElectronRef<String> firstOfSorted =
                cases.electron("firstOfSortedAgain", setType, STRING, set -> ((SortedSet<?>) set).first());
        SortedSet<String> reversed = new TreeSet<>(Collections.reverseOrder());
        reversed.addAll(List.of("a", "b"));
        try (Valence valence = Valence.open(folder)) {
            assertReusedByRedispatch(valence, ValueCases.around(firstKey, STRINGS_MAP, STRING), linked("b", 2, "a", 1));
            assertReusedByRedispatch(valence, ValueCases.around(firstOfSorted, setType, STRING), reversed);
        }
        assertEquals(2, cases.runs.get());
    }

    private static void assertReusedByRedispatch(Valence valence, LatticeRef<String> lattice, Object input) {
        String id = finish(valence.dispatch(lattice.workflow(input))).id();
        DispatchResult<Object> again = finish(valence.redispatch(id).start());
        assertEquals(
                NodeStatus.REUSED, again.nodes().get(again.nodes().size() - 1).status(), again::toString);
        assertEquals("b", again.value());
    }
}
