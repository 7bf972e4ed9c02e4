package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.ForwardingResultStore;
import dev.valence.runtime.spi.store.RecordedFailure;
import dev.valence.runtime.spi.store.ResultIndex;
import dev.valence.runtime.spi.store.ResultStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The calls of a fan-out become ready together; their keys are looked up in one batch ({@link
 * ResultIndex#lookupAll}), not one store round trip per call, and the decisions are the same.
 */
class BatchedLookupTest {
    private static final int WIDTH = 100;

    @TempDir
    Path folder;

    private final AtomicInteger singleLookups = new AtomicInteger();
    private final AtomicInteger batches = new AtomicInteger();
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void aFanOutLooksItsKeysUpInOneBatchAndReusesAsBefore() {
        ElectronRef<Integer> times = Fixtures.<Integer>electron("times")
                .parameter("x", INT)
                .parameter("factor", INT)
                .returns(INT)
                .build(args -> {
                    runs.incrementAndGet();
                    return (Integer) args[0] * (Integer) args[1];
                });
        ElectronRef<Integer> sum = Fixtures.<Integer>electron("sum")
                .parameter("parts", "java.util.List<java.lang.Integer>")
                .returns(INT)
                .build(args -> {
                    int total = 0;
                    for (Object part : (List<?>) args[0]) {
                        total += (Integer) part;
                    }
                    return total;
                });
        LatticeRef<Integer> fanOut = Fixtures.lattice(
                "batchedFanOut",
                INT,
                (graph, in) -> {
                    List<Handle<Integer>> parts = new ArrayList<>();
                    for (int i = 0; i < WIDTH; i++) {
                        parts.add(graph.call(times, in.get(0), graph.constant(i, INT)));
                    }
                    return graph.call(sum, graph.list("java.util.List<java.lang.Integer>", parts));
                },
                INT);
        int expected = 3 * WIDTH * (WIDTH - 1) / 2;
        try (Valence valence =
                Valence.builder().store(new Counting(SqliteStore.open(folder))).open()) {
            DispatchResult<Integer> first = finish(valence.dispatch(fanOut.workflow(3)));
            assertEquals(expected, first.value());
            assertEquals(WIDTH, runs.get());
            assertEquals(1, batches.get(), "one batch for the calls that were ready together");

            batches.set(0);
            singleLookups.set(0);
            DispatchResult<Integer> second = finish(valence.dispatch(fanOut.workflow(3)));
            assertEquals(expected, second.value());
            assertEquals(WIDTH, runs.get(), "nothing ran again");
            for (NodeResult node : second.electronNodes()) {
                assertEquals(
                        NodeStatus.REUSED,
                        node.status(),
                        node.name() + ": " + node.reason().orElse(""));
            }
            assertEquals(1, batches.get(), "the fan-out's keys in one batch");
            // The list and the sum become ready one at a time: each looks its key up alone.
            assertTrue(
                    singleLookups.get() <= 2,
                    "only the nodes that became ready alone looked up alone: " + singleLookups);

            batches.set(0);
            singleLookups.set(0);
            DispatchResult<Object> again = valence.redispatch(first.id())
                    .start()
                    .await(Fixtures.PATIENCE)
                    .orElseThrow();
            assertEquals(expected, again.value());
            assertEquals(1, batches.get(), "a redispatch batches the same way");
            assertTrue(singleLookups.get() <= 2, "redispatch: " + singleLookups);
        }
    }

    /** Counts the key index's lookups, alone and in batches. */
    private final class Counting extends ForwardingResultStore {
        private final ResultIndex index;

        Counting(ResultStore delegate) {
            super(delegate);
            ResultIndex inner = delegate.resultIndex();
            this.index = new ResultIndex() {
                @Override
                public Optional<CachedResult> lookup(String cacheKey, String fromDispatch) {
                    singleLookups.incrementAndGet();
                    return inner.lookup(cacheKey, fromDispatch);
                }

                @Override
                public Map<String, CachedResult> lookupAll(Collection<String> cacheKeys, String fromDispatch) {
                    batches.incrementAndGet();
                    return inner.lookupAll(cacheKeys, fromDispatch);
                }

                @Override
                public Optional<RecordedFailure> lookupFailure(String cacheKey, String fromDispatch) {
                    return inner.lookupFailure(cacheKey, fromDispatch);
                }
            };
        }

        @Override
        public ResultIndex resultIndex() {
            return index;
        }
    }
}
