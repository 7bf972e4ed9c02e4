package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Explanation;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reuse engine, measured by executions: minimal recomputation after a change, early cutoff,
 * single flight within and across dispatches, forced reruns, lazy loading and explanations.
 */
class ReuseEngineTest {
    @TempDir
    Path folder;

    private CountingStore store;
    private Valence valence;

    @BeforeEach
    void open() {
        store = new CountingStore(SqliteStore.open(folder));
        valence = Valence.builder().store(store).threads(4).open();
    }

    @AfterEach
    void close() {
        valence.close();
    }

    /** Counts runs per electron name. */
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    private ElectronRef<Integer> counted(String name, java.util.function.IntBinaryOperator body) {
        return Fixtures.<Integer>electron(name)
                .parameter("x", INT)
                .parameter("y", INT)
                .returns(INT)
                .build(args -> {
                    runs.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
                    return body.applyAsInt((Integer) args[0], (Integer) args[1]);
                });
    }

    private int runsOf(String name) {
        AtomicInteger count = runs.get(name);
        return count == null ? 0 : count.get();
    }

    /** top(x, x); left(top, y); right(top, top); bottom(left, right). */
    private LatticeRef<Integer> diamond(ElectronRef<Integer> top, ElectronRef<Integer> left) {
        ElectronRef<Integer> right = counted("right", (a, b) -> a * b);
        ElectronRef<Integer> bottom = counted("bottom", Integer::sum);
        return Fixtures.lattice(
                "diamond_" + top.id().hashCode() + "_" + left.id().hashCode(),
                INT,
                (graph, in) -> {
                    Handle<Integer> t = graph.call(top, in.get(0), in.get(0));
                    Handle<Integer> l = graph.call(left, t, in.get(1));
                    Handle<Integer> r = graph.call(right, t, t);
                    return graph.call(bottom, l, r);
                },
                INT,
                INT);
    }

    @Test
    void aChangedInputInADiamondRerunsExactlyItsDependants() {
        LatticeRef<Integer> diamond = diamond(counted("top", Integer::sum), counted("left", Integer::sum));
        assertEquals(2 + 3 + 4, finish(valence.dispatch(diamond.workflow(1, 3))).value());
        assertEquals(Map.of("top", 1, "left", 1, "right", 1, "bottom", 1), counts());

        runs.clear();
        // y feeds left only; left's output changes, so bottom reruns; top and right are reused.
        DispatchResult<Integer> second = finish(valence.dispatch(diamond.workflow(1, 5)));
        assertEquals(2 + 5 + 4, second.value());
        assertEquals(Map.of("left", 1, "bottom", 1), counts());
        assertEquals(NodeStatus.REUSED, second.node("top").status());
        assertEquals(NodeStatus.REUSED, second.node("right").status());
    }

    @Test
    void aChangedInputInA100NodeLayeredGraphRerunsExactlyItsDependants() {
        LayeredGraph layered = new LayeredGraph(10, 10);
        assertEquals(100, layered.electronCount());
        DispatchResult<Integer> first = finish(valence.dispatch(layered.lattice.workflow(layered.inputs(-1, 0))));
        assertEquals(DispatchStatus.COMPLETED, first.status());
        assertEquals(100, layered.ran().size());

        layered.resetCounts();
        DispatchResult<Integer> second = finish(valence.dispatch(layered.lattice.workflow(layered.inputs(7, 1000))));
        Set<Integer> expected = layered.dependantsOfInput(7);
        assertEquals(expected, layered.ran(), "exactly the dependants of input 7 rerun");
        assertEquals(100 - expected.size(), countStatus(second, NodeStatus.REUSED));
        layered.runsByNode.values().forEach(count -> assertEquals(1, count.get(), "no node runs twice"));
    }

    @Test
    void aCodeChangeRerunsTheElectronAndNothingDownstreamWhenItsOutputIsTheSame() {
        ElectronRef<Integer> leftV1 = Fixtures.<Integer>electron("left")
                .parameter("x", INT)
                .parameter("y", INT)
                .returns(INT)
                .codeFingerprint("v1")
                .build(args -> count("left", (Integer) args[0] + (Integer) args[1]));
        // Refactored code: a new fingerprint, the same result.
        ElectronRef<Integer> leftV2 = Fixtures.<Integer>electron("left")
                .parameter("x", INT)
                .parameter("y", INT)
                .returns(INT)
                .codeFingerprint("v2")
                .build(args -> count("left", (Integer) args[1] + (Integer) args[0]));
        ElectronRef<Integer> top = counted("top", Integer::sum);
        Dispatch<Integer> first = valence.dispatch(diamond(top, leftV1).workflow(1, 3));
        finish(first);
        runs.clear();

        DispatchResult<Integer> second =
                finish(valence.redispatch(first).replace(leftV1, leftV2).start());
        assertEquals(Map.of("left", 1), counts(), "only the changed electron reruns");
        assertEquals(NodeStatus.REUSED, second.node("bottom").status(), "early cutoff");

        Explanation why = valence.explain(second.id(), "left", first.id());
        assertTrue(
                why.differences().stream().anyMatch(d -> d.startsWith("code fingerprint changed: v1 -> v2")),
                why.toString());
        assertTrue(why.reason().startsWith("ran: no stored result has this key"), why.toString());
    }

    private int count(String name, int value) {
        runs.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
        return value;
    }

    @Test
    void aCacheFalseElectronRerunsEveryTimeAndItsDependantsAreKeyedByItsOutput() {
        ElectronRef<Integer> clock = Fixtures.<Integer>electron("clock")
                .parameter("x", INT)
                .parameter("y", INT)
                .returns(INT)
                .cache(false)
                .build(args -> count("clock", 42));
        LatticeRef<Integer> lattice = diamond(clock, counted("left", Integer::sum));
        for (int i = 0; i < 3; i++) {
            finish(valence.dispatch(lattice.workflow(1, 3)));
        }
        assertEquals(3, runsOf("clock"));
        assertEquals(1, runsOf("left"), "the same output of the uncached electron keeps its dependants reusable");
    }

    @Test
    void fiftyConcurrentDispatchesOfOneGraphRunEachElectronOnce() {
        CountDownLatch allDispatched = new CountDownLatch(1);
        ElectronRef<Integer> gate = Fixtures.<Integer>electron("gate")
                .parameter("x", INT)
                .parameter("y", INT)
                .returns(INT)
                .build(args -> {
                    Fixtures.block(allDispatched);
                    return count("gate", (Integer) args[0] + (Integer) args[1]);
                });
        LatticeRef<Integer> lattice = diamond(gate, counted("left", Integer::sum));
        List<Dispatch<Integer>> dispatches = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            dispatches.add(valence.dispatch(lattice.workflow(1, 3)));
        }
        allDispatched.countDown();
        for (Dispatch<Integer> dispatch : dispatches) {
            assertEquals(2 + 3 + 4, finish(dispatch).value());
        }
        assertEquals(Map.of("gate", 1, "left", 1, "right", 1, "bottom", 1), counts());
    }

    @Test
    void identicalNodesInOneDispatchRunOnce() throws Exception {
        // Without single flight both calls would be inside the electron at once; give the second
        // one a bounded chance to arrive before the first returns.
        CountDownLatch bothInside = new CountDownLatch(2);
        ElectronRef<Integer> twin = Fixtures.<Integer>electron("twin")
                .parameter("x", INT)
                .parameter("y", INT)
                .returns(INT)
                .build(args -> {
                    bothInside.countDown();
                    bothInside.await(300, java.util.concurrent.TimeUnit.MILLISECONDS);
                    return count("twin", (Integer) args[0] + (Integer) args[1]);
                });
        ElectronRef<Integer> join = counted("join", Integer::sum);
        LatticeRef<Integer> lattice = Fixtures.lattice(
                "twins",
                INT,
                (graph, in) -> graph.call(
                        join, graph.call(twin, in.get(0), in.get(0)), graph.call(twin, in.get(0), in.get(0))),
                INT);
        DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(2)));
        assertEquals(8, result.value());
        assertEquals(1, runsOf("twin"));
        assertEquals(
                Set.of(NodeStatus.COMPLETED, NodeStatus.REUSED),
                Set.of(result.node("twin").status(), result.node("twin#2").status()));
    }

    @Test
    void anAllReusedDispatchOfA1000NodeGraphLoadsNoIntermediateValue() {
        LayeredGraph layered = new LayeredGraph(20, 50);
        assertEquals(1000, layered.electronCount());
        finish(valence.dispatch(layered.lattice.workflow(layered.inputs(-1, 0))));
        layered.resetCounts();
        store.valueLoads.set(0);

        DispatchResult<Integer> again = finish(valence.dispatch(layered.lattice.workflow(layered.inputs(-1, 0))));
        assertEquals(1000, countStatus(again, NodeStatus.REUSED));
        assertTrue(layered.ran().isEmpty());
        assertEquals(0, store.valueLoads.get(), "no value is loaded while nothing runs");
        again.value();
        assertEquals(1, store.valueLoads.get(), "asking for the result loads exactly that value");
    }

    @Test
    void forcingARerunRunsThatElectronAndReusesItsDependantsWhenTheOutputIsTheSame() {
        ElectronRef<Integer> top = counted("top", Integer::sum);
        LatticeRef<Integer> lattice = diamond(top, counted("left", Integer::sum));
        finish(valence.dispatch(lattice.workflow(1, 3)));
        runs.clear();

        DispatchResult<Integer> forced = finish(valence.dispatch(lattice.workflow(1, 3), Reuse.ALL.except(top)));
        assertEquals(Map.of("top", 1), counts());
        assertEquals(NodeStatus.COMPLETED, forced.node("top").status());
        assertEquals(NodeStatus.REUSED, forced.node("left").status());
        assertTrue(valence.explain(forced.id(), "top").reason().contains("forces top to run again"));
        assertEquals("all;rerun=" + top.id(), forced.reuse());
        assertEquals(Reuse.ALL.except(top), Reuse.parse(forced.reuse()));
    }

    @Test
    void anExplanationNamesTheArgumentWhoseFingerprintChanged() {
        LatticeRef<Integer> diamond = diamond(counted("top", Integer::sum), counted("left", Integer::sum));
        Dispatch<Integer> first = valence.dispatch(diamond.workflow(1, 3));
        finish(first);
        DispatchResult<Integer> second = finish(valence.dispatch(diamond.workflow(1, 5)));

        Explanation left = valence.explain(second.id(), "left", first.id());
        assertEquals(NodeStatus.COMPLETED, left.status());
        assertEquals(
                List.of("top", "p1"),
                left.arguments().stream().map(Explanation.Argument::from).toList());
        assertEquals(1, left.differences().size(), left.toString());
        assertTrue(left.differences().get(0).startsWith("argument 2 (from p1) changed: "), left.toString());
        assertTrue(
                left.differences().get(0).endsWith("; the input p1 was given another value"),
                "a given value is not sent to explain, which has no decision of its own to show: " + left);

        Explanation input = valence.explain(second.id(), "p1", first.id());
        assertTrue(input.reason().startsWith("given: an input of the dispatch"), input.toString());
        assertEquals(1, input.differences().size(), input.toString());
        assertTrue(input.differences().get(0).startsWith("value changed: "), input.toString());

        Explanation top = valence.explain(second.id(), "top", first.id());
        assertEquals(NodeStatus.REUSED, top.status());
        assertEquals(java.util.Optional.of(first.id()), top.reusedFrom());
        assertTrue(top.differences().isEmpty(), top.toString());
        assertTrue(top.toString().contains("the same key"), top.toString());
    }

    private Map<String, Integer> counts() {
        return runs.entrySet().stream()
                .filter(entry -> entry.getValue().get() > 0)
                .collect(Collectors.toMap(
                        Map.Entry::getKey, entry -> entry.getValue().get()));
    }

    private static long countStatus(DispatchResult<?> result, NodeStatus status) {
        return result.electronNodes().stream()
                .map(NodeResult::status)
                .filter(status::equals)
                .count();
    }
}
