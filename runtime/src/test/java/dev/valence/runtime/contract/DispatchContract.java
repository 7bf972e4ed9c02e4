package dev.valence.runtime.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.api.Fixtures;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.spi.store.ResultStore;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The part of the store contract that goes through the public API: {@code
 * Valence.builder().store(store).open()} dispatching a hand-built workflow, a second dispatch (and,
 * where the store has second openings, a second instance) reusing every result, and a redispatch.
 * Executions are counted by the electrons themselves, not by what the store reports.
 */
public abstract class DispatchContract {

    /** What a store may legitimately not do; a subclass declares what its store lacks. */
    public enum Capability {
        /** Opened again (another process, another machine), it shows what the first opening wrote. */
        SECOND_OPENING("only the process that made it sees it"),
        /** Presence and leases among processes (else it is {@code Coordination.singleProcess()}). */
        SHARED_COORDINATION("one process uses it, so every lease is granted"),
        /** Keeps blobs (a command's output files). */
        BLOBS("it keeps no files"),
        /** Takes requests to cancel from other processes. */
        CANCEL_REQUESTS("no other process can ask"),
        /** Its bytes can be damaged by a test, to see the damage reported. */
        DAMAGE("nothing outside the process can change its bytes"),
        /** Reports a size on disk. */
        SIZE("nothing is on disk");

        final String meaning;

        Capability(String meaning) {
            this.meaning = meaning;
        }
    }

    /** Executions per electron, counted by the electrons as they run. */
    private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

    /** @return a new, empty store, as another store of its kind (its own folder, its own schema) */
    protected abstract ResultStore openStore();

    /** @return another opening of the store {@link #openStore()} made, as a second process opens it */
    protected ResultStore reopen() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " declares SECOND_OPENING lacking");
    }

    /** @return what the store lacks, each a legitimate absence of its kind */
    protected abstract Set<Capability> lacks();

    /** Changes a stored value's bytes behind the store's back (only with {@link Capability#DAMAGE}). */
    protected void damageValue(String fingerprint) {
        throw new UnsupportedOperationException(
                "cannot damage a value of " + getClass().getSimpleName());
    }

    /** Changes a stored blob's bytes behind the store's back (only with {@link Capability#DAMAGE}). */
    protected void damageBlob(String sha256) {
        throw new UnsupportedOperationException(
                "cannot damage a blob of " + getClass().getSimpleName());
    }

    /** @return the store of this test */
    protected abstract ResultStore store();

    /** @return a second opening of the store of this test, closed after it */
    protected abstract ResultStore second();

    @BeforeEach
    void resetRuns() {
        RUNS.clear();
    }

    @Test
    void aDispatchThroughTheApiIsReusedWholeByTheNextOneAndByARedispatch() {
        LatticeRef<Integer> lattice = diamond();
        DispatchResult<Integer> first;
        try (Valence valence = Valence.builder().store(store()).open()) {
            first = Fixtures.finish(valence.dispatch(lattice.workflow(3)));
            assertEquals(DispatchStatus.COMPLETED, first.status());
            assertEquals(20, first.value());
            assertEquals(Map.of("add", 2, "multiply", 1), runs());

            DispatchResult<Integer> again = Fixtures.finish(valence.dispatch(lattice.workflow(3)));
            assertEquals(20, again.value());
            assertEquals(Map.of("add", 2, "multiply", 1), runs(), "every result reused");
            for (NodeResult node : again.electronNodes()) {
                assertEquals(NodeStatus.REUSED, node.status(), node.name());
            }
            if (lacks().contains(Capability.SECOND_OPENING)) {
                DispatchResult<Integer> redone = Fixtures.finish(valence.redispatch(first.id())
                        .withInputs(lattice.workflow(3))
                        .start());
                assertEquals(20, redone.value());
                assertEquals(Map.of("add", 2, "multiply", 1), runs());
                return;
            }
        }
        try (Valence other = Valence.builder().store(second()).open()) {
            DispatchResult<Object> stored = other.result(first.id()).orElseThrow();
            assertEquals(DispatchStatus.COMPLETED, stored.status());
            assertEquals(20, stored.value());
            DispatchResult<Integer> elsewhere = Fixtures.finish(other.dispatch(lattice.workflow(3)));
            assertEquals(20, elsewhere.value());
            for (NodeResult node : elsewhere.electronNodes()) {
                assertEquals(NodeStatus.REUSED, node.status(), node.name());
            }
            DispatchResult<Integer> redone = Fixtures.finish(
                    other.redispatch(first.id()).withInputs(lattice.workflow(3)).start());
            assertEquals(20, redone.value());
            assertEquals(first.id(), redone.redispatchOf().orElseThrow());
            assertEquals(Map.of("add", 2, "multiply", 1), runs(), "a second instance reuses every result");

            DispatchResult<Integer> changed = Fixtures.finish(other.dispatch(lattice.workflow(4)));
            assertEquals(30, changed.value());
            assertEquals(Map.of("add", 4, "multiply", 2), runs(), "new inputs compute again");
        }
    }

    @Test
    void aFailingElectronFailsItsDispatchAndTheFailureIsStored() {
        ElectronRef<Integer> broken = ElectronRef.<Integer>builder("dev.valence.runtime.contract.Hand#broken")
                .parameter("x", Records.INT)
                .returns(Records.INT)
                .build(args -> {
                    count("broken");
                    throw new IllegalStateException("broken on purpose");
                });
        LatticeRef<Integer> lattice = Fixtures.lattice(
                "contractBroken", Records.INT, (graph, in) -> graph.call(broken, in.get(0)), Records.INT);
        String id;
        try (Valence valence = Valence.builder().store(store()).open()) {
            DispatchResult<Integer> failed = Fixtures.finish(valence.dispatch(lattice.workflow(1)));
            assertEquals(DispatchStatus.FAILED, failed.status());
            id = failed.id();
            NodeResult node = failed.electronNodes().get(0);
            assertEquals(NodeStatus.FAILED, node.status());
            assertTrue(node.error().orElseThrow().contains("broken on purpose"));
            if (lacks().contains(Capability.SECOND_OPENING)) {
                return;
            }
        }
        try (Valence other = Valence.builder().store(second()).open()) {
            DispatchResult<Object> stored = other.result(id).orElseThrow();
            assertEquals(DispatchStatus.FAILED, stored.status());
            assertTrue(stored.electronNodes().get(0).error().orElseThrow().contains("broken on purpose"));
        }
    }

    /** add(p0, 1) and add(p0, 2), multiplied: 3 gives 20, 4 gives 30. */
    private static LatticeRef<Integer> diamond() {
        ElectronRef<Integer> add = ElectronRef.<Integer>builder("dev.valence.runtime.contract.Hand#add")
                .parameter("x", Records.INT)
                .parameter("y", Records.INT)
                .returns(Records.INT)
                .build(args -> {
                    count("add");
                    return (Integer) args[0] + (Integer) args[1];
                });
        ElectronRef<Integer> multiply = ElectronRef.<Integer>builder("dev.valence.runtime.contract.Hand#multiply")
                .parameter("x", Records.INT)
                .parameter("y", Records.INT)
                .returns(Records.INT)
                .build(args -> {
                    count("multiply");
                    return (Integer) args[0] * (Integer) args[1];
                });
        return Fixtures.lattice(
                "contractDiamond",
                Records.INT,
                (graph, in) -> {
                    Handle<Integer> one = graph.call(add, in.get(0), graph.constant(1, Records.INT));
                    Handle<Integer> two = graph.call(add, in.get(0), graph.constant(2, Records.INT));
                    return graph.call(multiply, one, two);
                },
                Records.INT);
    }

    private static void count(String electron) {
        RUNS.computeIfAbsent(electron, name -> new AtomicInteger()).incrementAndGet();
    }

    private static Map<String, Integer> runs() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        RUNS.forEach((name, count) -> counts.put(name, count.get()));
        return counts;
    }
}
