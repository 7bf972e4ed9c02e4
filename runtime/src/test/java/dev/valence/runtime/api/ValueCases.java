package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One-electron lattices for the value tests of issue 12 ("no stale or wrong result"): a value's
 * fingerprint must tell apart every two values an electron could tell apart, and a stored value
 * must read back as it was.
 */
final class ValueCases {
    final AtomicInteger runs = new AtomicInteger();
    private final Path folder;

    ValueCases(Path folder) {
        this.folder = folder;
    }

    /** The body of an electron of one argument. */
    @FunctionalInterface
    interface Body {
        Object apply(Object argument);
    }

    /** An electron of one argument that counts its runs. */
    <R> ElectronRef<R> electron(String name, String parameterType, String returnType, Body body) {
        return Fixtures.<R>electron(name)
                .parameter("value", parameterType)
                .returns(returnType)
                .build(args -> {
                    runs.incrementAndGet();
                    return body.apply(args[0]);
                });
    }

    /** A lattice calling one electron on its one input. */
    static <R> LatticeRef<R> around(ElectronRef<R> electron, String parameterType, String returnType) {
        return Fixtures.lattice(
                electron.name() + "Lattice", returnType, (graph, in) -> graph.call(electron, in.get(0)), parameterType);
    }

    /** Dispatches {@code first} then {@code second}: the second must run, and give its own result. */
    <R> void assertRunsAgain(LatticeRef<R> lattice, Object first, Object second, Object expected) {
        try (Valence valence = Valence.open(folder)) {
            finish(valence.dispatch(lattice.workflow(first)));
            DispatchResult<R> again = finish(valence.dispatch(lattice.workflow(second)));
            assertEquals(
                    NodeStatus.COMPLETED,
                    again.nodes().get(again.nodes().size() - 1).status(),
                    again::toString);
            assertEquals(expected, again.value());
        }
    }
}
