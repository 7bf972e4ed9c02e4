package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph shapes of the whole lattice language, built as generated code builds them: fan-out over
 * an input with a fan-in through a collection, collection literals, and dynamic sublattices whose
 * graph depends on an electron's result.
 */
class FanOutAndSublatticeTest {
    private static final String INT_LIST = "java.util.List<java.lang.Integer>";

    @TempDir
    Path folder;

    private Valence valence;
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @BeforeEach
    void open() {
        valence = Valence.open(folder);
    }

    @AfterEach
    void close() {
        valence.close();
    }

    private ElectronRef<Integer> square = Fixtures.<Integer>electron("square")
            .parameter("x", INT)
            .returns(INT)
            .build(args -> counted("square", (Integer) args[0] * (Integer) args[0]));

    private ElectronRef<Integer> sum = Fixtures.<Integer>electron("sum")
            .parameter("values", INT_LIST)
            .returns(INT)
            .build(args -> {
                @SuppressWarnings("unchecked")
                List<Integer> values = (List<Integer>) args[0];
                return counted(
                        "sum", values.stream().mapToInt(Integer::intValue).sum());
            });

    private int counted(String name, int value) {
        runs.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
        return value;
    }

    private int runsOf(String name) {
        AtomicInteger count = runs.get(name);
        return count == null ? 0 : count.get();
    }

    /** {@code sumOfSquares(List<Integer> xs)}: for (x : xs) squares.add(square(x)); return sum(squares). */
    private LatticeRef<Integer> sumOfSquares() {
        return Fixtures.latticeOverValues(
                "sumOfSquares",
                INT,
                (graph, in, values) -> {
                    @SuppressWarnings("unchecked")
                    List<Integer> xs = (List<Integer>) values[0];
                    List<Handle<Integer>> squares = new ArrayList<>();
                    for (int x : xs) {
                        squares.add(graph.call(square, graph.constant(x, INT)));
                    }
                    return graph.call(sum, graph.list(INT_LIST, squares));
                },
                INT_LIST);
    }

    private DispatchResult<Integer> runSumOfSquares(List<Integer> xs) {
        return finish(valence.dispatch(sumOfSquares().workflow(xs)));
    }

    @Test
    void aFanOutOverAnInputGathersThroughAListAndRerunsOnlyTheChangedBranch() {
        DispatchResult<Integer> first = runSumOfSquares(List.of(1, 2, 3));
        assertEquals(14, first.value());
        assertEquals(
                List.of("square[1]", "square[2]", "square[3]", "collection", "sum"),
                first.nodes().stream()
                        .filter(node -> node.kind() != NodeKind.INPUT && node.kind() != NodeKind.CONSTANT)
                        .map(NodeResult::name)
                        .toList());
        assertEquals(NodeKind.COLLECTION, first.node("collection").kind());
        assertEquals(List.of(1, 4, 9), first.node("collection").value());

        runs.clear();
        DispatchResult<Integer> changed = runSumOfSquares(List.of(1, 5, 3));
        assertEquals(35, changed.value());
        assertEquals(1, runsOf("square"), "only the changed branch reruns");
        assertEquals(1, runsOf("sum"));

        runs.clear();
        DispatchResult<Integer> same = runSumOfSquares(List.of(1, 5, 3));
        assertEquals(0, runsOf("square") + runsOf("sum"));
        assertEquals(NodeStatus.REUSED, same.node("collection").status(), "the gathered list is reused too");
    }

    @Test
    void aCollectionLiteralOfElectronResultsIsAssembledWhenTheGraphRuns() {
        ElectronRef<Integer> size = Fixtures.<Integer>electron("size")
                .parameter("named", "java.util.Map<java.lang.String,java.lang.Integer>")
                .returns(INT)
                .build(args -> ((Map<?, ?>) args[0]).size() * 100 + (Integer) ((Map<?, ?>) args[0]).get("b"));
        LatticeRef<Integer> lattice = Fixtures.lattice(
                "named",
                INT,
                (graph, in) -> {
                    Handle<Integer> a = graph.call(square, in.get(0));
                    Handle<Integer> b = graph.call(square, in.get(1));
                    Handle<Map<String, Integer>> named = graph.collection(
                            "java.util.Map<java.lang.String,java.lang.Integer>",
                            "java.util.Map.of(\"a\", $0, \"b\", $1)",
                            parts -> Map.of("a", (Integer) parts[0], "b", (Integer) parts[1]),
                            a,
                            b);
                    return graph.call(size, named);
                },
                INT,
                INT);
        assertEquals(209, finish(valence.dispatch(lattice.workflow(2, 3))).value());
    }

    /** sweep(List<Integer> params): scores = square(p) for each; best = max(scores); return refine(best). */
    private LatticeRef<Integer> sweep(LatticeRef<Integer> refine) {
        ElectronRef<Integer> best = Fixtures.<Integer>electron("best")
                .parameter("scores", INT_LIST)
                .returns(INT)
                .build(args -> {
                    @SuppressWarnings("unchecked")
                    List<Integer> scores = (List<Integer>) args[0];
                    return counted(
                            "best",
                            scores.stream().mapToInt(Integer::intValue).max().orElseThrow());
                });
        return Fixtures.lattice("sweep", INT, (graph, in) -> {
            List<Handle<Integer>> scores = new ArrayList<>();
            for (int p : List.of(1, 2, 3)) {
                scores.add(graph.call(square, graph.constant(p, INT)));
            }
            Handle<Integer> top = graph.call(best, graph.list(INT_LIST, scores));
            return graph.sublattice(refine, top);
        });
    }

    /** refine(int center): the second round's graph depends on the first round's result. */
    private LatticeRef<Integer> refine() {
        return Fixtures.latticeOverValues(
                "refine",
                INT,
                (graph, in, values) -> {
                    int center = (Integer) values[0];
                    List<Handle<Integer>> around = new ArrayList<>();
                    for (int x = center; x < center + 2; x++) {
                        around.add(graph.call(square, graph.constant(x, INT)));
                    }
                    return graph.call(sum, graph.list(INT_LIST, around));
                },
                INT);
    }

    @Test
    void aDynamicSublatticeIsBuiltFromAnElectronsResultAndRunsAsAChild() {
        LatticeRef<Integer> lattice = sweep(refine());
        DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow()));

        // Round 1: squares 1, 4, 9, best 9; round 2 around 9: 81 + 100.
        assertEquals(181, result.value());
        NodeResult refineNode = result.node("refine");
        assertEquals(NodeKind.SUBLATTICE, refineNode.kind());
        assertEquals(NodeStatus.COMPLETED, refineNode.status());
        assertEquals(181, refineNode.value());
        DispatchResult<Object> child = result.sublattice("refine");
        assertEquals(DispatchStatus.COMPLETED, child.status());
        assertEquals(result.id(), child.parentId().orElseThrow());
        assertEquals(81, result.node("refine/square[9]").value());
        assertEquals(100, result.node("refine/square[10]").value());
        assertEquals(1, valence.dispatches().size(), "children are read through their parent");

        runs.clear();
        DispatchResult<Integer> again = finish(valence.dispatch(lattice.workflow()));
        assertEquals(181, again.value());
        assertEquals(0, runsOf("square") + runsOf("sum") + runsOf("best"), "every electron of both rounds is reused");
        assertEquals(NodeStatus.REUSED, again.node("refine/sum").status());
    }

    @Test
    void aFailingSublatticeFailsItsNodeAndCancelsItsDependants() {
        ElectronRef<Integer> broken = Fixtures.<Integer>electron("broken")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    throw new IllegalStateException("round two exploded");
                });
        LatticeRef<Integer> failing =
                Fixtures.lattice("failingRound", INT, (graph, in) -> graph.call(broken, in.get(0)), INT);
        LatticeRef<Integer> parent = Fixtures.lattice(
                "parentOfFailure",
                INT,
                (graph, in) -> graph.call(square, graph.sublattice(failing, graph.call(square, in.get(0)))),
                INT);
        DispatchResult<Integer> result = finish(valence.dispatch(parent.workflow(3)));

        assertEquals(DispatchStatus.FAILED, result.status());
        assertEquals(NodeStatus.FAILED, result.node("failingRound").status());
        assertTrue(result.node("failingRound").error().orElseThrow().contains("round two exploded"));
        assertEquals(NodeStatus.CANCELLED, result.node("square#2").status());
        assertEquals(DispatchStatus.FAILED, result.sublattice("failingRound").status());
        assertThrows(NoSuchElementException.class, () -> result.sublattice("square"));
    }

    @Test
    void aNewProcessReadsASublatticesChildThroughItsParent() {
        DispatchResult<Integer> result = finish(valence.dispatch(sweep(refine()).workflow()));
        valence.close();
        valence = Valence.open(folder);
        DispatchResult<Object> reread = valence.result(result.id()).orElseThrow();
        assertEquals(181, reread.value());
        assertEquals(81, reread.node("refine/square[9]").value());
    }
}
