package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content-based reuse: the reuse policies, {@code cache = false}, code changes, and early cutoff
 * (an upstream that reruns with the same output leaves its dependants reusable).
 */
class ReuseTest {
    @TempDir
    Path folder;

    private Valence valence;

    @BeforeEach
    void open() {
        valence = Valence.open(folder);
    }

    @AfterEach
    void close() {
        valence.close();
    }

    /** A one-argument electron counting its runs. */
    private record Counted(ElectronRef<Integer> ref, AtomicInteger runs) {
        static Counted of(String name, IntUnaryOperator body) {
            return of(Fixtures.<Integer>electron(name), body);
        }

        static Counted of(ElectronRef.Builder<Integer> builder, IntUnaryOperator body) {
            AtomicInteger runs = new AtomicInteger();
            ElectronRef<Integer> ref = builder.parameter("x", INT).returns(INT).build(args -> {
                runs.incrementAndGet();
                return body.applyAsInt((Integer) args[0]);
            });
            return new Counted(ref, runs);
        }
    }

    /** A lattice {@code second(first(p0))}. */
    private static LatticeRef<Integer> chain(Counted first, Counted second) {
        return Fixtures.lattice(
                "chain_" + first.ref().name() + "_" + second.ref().name(),
                INT,
                (graph, in) -> {
                    Handle<Integer> upstream = graph.call(first.ref(), in.get(0));
                    return graph.call(second.ref(), upstream);
                },
                INT);
    }

    private static LatticeRef<Integer> single(Counted electron) {
        return Fixtures.lattice(
                "single_" + electron.ref().name(), INT, (graph, in) -> graph.call(electron.ref(), in.get(0)), INT);
    }

    @Test
    void reuseAllTakesResultsFromAnyEarlierDispatch() {
        Counted square = Counted.of("square", x -> x * x);
        Dispatch<Integer> first = valence.dispatch(single(square).workflow(3));
        finish(first);

        DispatchResult<Integer> again = finish(valence.dispatch(single(square).workflow(3), Reuse.ALL));

        assertEquals(9, again.value());
        assertEquals(NodeStatus.REUSED, again.node("square").status());
        assertEquals(Optional.of(first.id()), again.node("square").reusedFrom());
        assertEquals(1, square.runs().get());
        // Reuse is by content, not by dispatch: another input misses.
        assertEquals(16, finish(valence.dispatch(single(square).workflow(4))).value());
        assertEquals(2, square.runs().get());
    }

    @Test
    void reuseNoneRunsEverythingAgain() {
        Counted square = Counted.of("square", x -> x * x);
        finish(valence.dispatch(single(square).workflow(3)));

        DispatchResult<Integer> again = finish(valence.dispatch(single(square).workflow(3), Reuse.NONE));

        assertEquals(NodeStatus.COMPLETED, again.node("square").status());
        assertEquals(2, square.runs().get());
    }

    /** Reuse.from(x) looks in x only: a result that exists only in another dispatch is not used. */
    @Test
    void reuseFromOneDispatchIgnoresResultsOfOthers() {
        Counted square = Counted.of("square", x -> x * x);
        Dispatch<Integer> withThree = valence.dispatch(single(square).workflow(3));
        finish(withThree);
        Dispatch<Integer> withFour = valence.dispatch(single(square).workflow(4));
        finish(withFour);

        DispatchResult<Integer> fromThree =
                finish(valence.dispatch(single(square).workflow(4), Reuse.from(withThree)));
        assertEquals(NodeStatus.COMPLETED, fromThree.node("square").status(), "4 is only in the other dispatch");
        assertEquals(3, square.runs().get());

        DispatchResult<Integer> fromFour =
                finish(valence.dispatch(single(square).workflow(4), Reuse.from(withFour.id())));
        assertEquals(NodeStatus.REUSED, fromFour.node("square").status());
        assertEquals(Optional.of(withFour.id()), fromFour.node("square").reusedFrom());
        assertEquals(3, square.runs().get());
        assertEquals("from:" + withFour.id(), fromFour.reuse());
    }

    /**
     * A cache(false) electron (stochastic, side-effecting) reruns every time; its dependant is
     * reused while its output stays the same (early cutoff) and reruns once the output changes.
     */
    @Test
    void uncachedElectronsRerunAndTheirDependantsCutOffOnIdenticalOutput() {
        AtomicInteger sensorReading = new AtomicInteger(10);
        Counted sensor = Counted.of(Fixtures.<Integer>electron("sensor").cache(false), x -> sensorReading.get());
        Counted analyse = Counted.of("analyse", x -> x + 1);
        LatticeRef<Integer> lattice = chain(sensor, analyse);

        assertEquals(11, finish(valence.dispatch(lattice.workflow(0))).value());
        DispatchResult<Integer> same = finish(valence.dispatch(lattice.workflow(0)));

        assertEquals(NodeStatus.COMPLETED, same.node("sensor").status());
        assertEquals(NodeStatus.REUSED, same.node("analyse").status());
        assertEquals(2, sensor.runs().get());
        assertEquals(1, analyse.runs().get());

        sensorReading.set(20);
        DispatchResult<Integer> changed = finish(valence.dispatch(lattice.workflow(0)));

        assertEquals(21, changed.value());
        assertEquals(NodeStatus.COMPLETED, changed.node("analyse").status());
        assertEquals(3, sensor.runs().get());
        assertEquals(2, analyse.runs().get());

        // An uncached result is not reused even from the exact dispatch that computed it.
        DispatchResult<Integer> fromChanged = finish(valence.dispatch(lattice.workflow(0), Reuse.from(changed.id())));
        assertEquals(NodeStatus.COMPLETED, fromChanged.node("sensor").status());
        assertEquals(4, sensor.runs().get());
    }

    /** Same electron id, different code fingerprint or version: the stored result is not reused. */
    @Test
    void changedCodeOrVersionRuns() {
        Counted v1 = Counted.of(Fixtures.<Integer>electron("scale").codeFingerprint("aaa"), x -> x * 10);
        Counted edited = Counted.of(Fixtures.<Integer>electron("scale").codeFingerprint("bbb"), x -> x * 100);
        Counted bumped = Counted.of(
                Fixtures.<Integer>electron("scale").codeFingerprint("bbb").version("2"), x -> x * 1000);
        Counted sameAgain = Counted.of(Fixtures.<Integer>electron("scale").codeFingerprint("aaa"), x -> -1);

        assertEquals(20, finish(valence.dispatch(single(v1).workflow(2))).value());
        assertEquals(200, finish(valence.dispatch(single(edited).workflow(2))).value());
        assertEquals(2000, finish(valence.dispatch(single(bumped).workflow(2))).value());
        // Same id, fingerprint and version as v1: reused, its body is not even called.
        assertEquals(20, finish(valence.dispatch(single(sameAgain).workflow(2))).value());

        assertEquals(1, v1.runs().get());
        assertEquals(1, edited.runs().get());
        assertEquals(1, bumped.runs().get());
        assertEquals(0, sameAgain.runs().get());
    }

    /** An upstream that reruns on a different input but returns the same value leaves its dependant reused. */
    @Test
    void earlyCutoffReusesDownstreamOfAnUpstreamThatReturnedTheSameValue() {
        Counted parity = Counted.of("parity", x -> x % 2);
        Counted expensive = Counted.of("expensive", x -> x + 100);
        LatticeRef<Integer> lattice = chain(parity, expensive);

        assertEquals(101, finish(valence.dispatch(lattice.workflow(3))).value());
        DispatchResult<Integer> again = finish(valence.dispatch(lattice.workflow(5)));

        assertEquals(101, again.value());
        assertEquals(NodeStatus.COMPLETED, again.node("parity").status());
        assertEquals(NodeStatus.REUSED, again.node("expensive").status());
        assertEquals(2, parity.runs().get());
        assertEquals(1, expensive.runs().get());
        // The cache key of the dependant is the same, the upstream's is not.
        DispatchResult<Object> before = valence.dispatches().stream()
                .findFirst()
                .flatMap(summary -> valence.result(summary.id()))
                .orElseThrow();
        assertEquals(
                before.node("expensive").cacheKey(), again.node("expensive").cacheKey());
        assertEquals(
                before.node("parity").valueFingerprint(), again.node("parity").valueFingerprint());
    }

    /** A reused node's value is needed downstream: it is loaded from the store, correctly typed. */
    @Test
    void aReusedValueFeedsARerunningDependant() {
        Counted base = Counted.of("base", x -> x * 3);
        AtomicInteger offset = new AtomicInteger(1);
        Counted shift = Counted.of(Fixtures.<Integer>electron("shift").cache(false), x -> x + offset.get());
        LatticeRef<Integer> lattice = chain(base, shift);

        assertEquals(13, finish(valence.dispatch(lattice.workflow(4))).value());
        offset.set(2);
        DispatchResult<Integer> again = finish(valence.dispatch(lattice.workflow(4)));

        assertEquals(NodeStatus.REUSED, again.node("base").status());
        assertEquals(14, again.value());
        assertEquals(1, base.runs().get());
    }
}
