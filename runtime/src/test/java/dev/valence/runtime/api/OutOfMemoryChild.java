package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The program {@link OutOfMemoryTest} runs in a child JVM with a small heap: one dispatch whose
 * electron allocates until the heap is exhausted, then one that completes. Argument: the store
 * folder. It prints each dispatch's id and status, and exits normally if both ended in time.
 */
public final class OutOfMemoryChild {
    /** Generous: the dispatch ends within a second once the error is caught. */
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private OutOfMemoryChild() {}

    /**
     * @param args the store folder
     */
    public static void main(String[] args) {
        try (Valence valence = Valence.open(Path.of(args[0]))) {
            DispatchResult<Integer> hog =
                    Fixtures.finish(valence.dispatch(lattice().workflow(1)), PATIENCE);
            System.out.println("HOG " + hog.id() + " " + hog.status());
            DispatchResult<Integer> after =
                    Fixtures.finish(valence.dispatch(lattice().workflow(0)), PATIENCE);
            System.out.println("AFTER " + after.id() + " " + after.status() + " " + after.value());
        }
    }

    /** hog(x) (allocates until the heap is full when x is 1, else returns x) -> plusOne(hog). */
    static LatticeRef<Integer> lattice() {
        ElectronRef<Integer> hog = Fixtures.<Integer>electron("hog")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    if ((Integer) args[0] == 0) {
                        return 0;
                    }
                    List<long[]> held = new ArrayList<>();
                    while (true) {
                        held.add(new long[1 << 16]);
                    }
                });
        ElectronRef<Integer> plusOne = Fixtures.<Integer>electron("plusOne")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> (Integer) args[0] + 1);
        return Fixtures.lattice(
                "outOfMemory", INT, (graph, in) -> graph.call(plusOne, graph.call(hog, in.get(0))), INT);
    }
}
