package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;

import dev.valence.runtime.ElectronRef;
import dev.valence.runtime.Handle;
import dev.valence.runtime.LatticeRef;
import dev.valence.runtime.Valence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The program {@link CrashSafetyTest} kills: dispatches a fan-out graph over and over on one store
 * until it is killed. Argument: the store folder, and the first input.
 */
public final class CrashChild {
    /** Nodes in one layer of the graph. */
    static final int WIDTH = 8;

    private CrashChild() {}

    /**
     * @param args store folder, first input
     */
    public static void main(String[] args) {
        int input = Integer.parseInt(args[1]);
        try (Valence valence = Valence.open(Path.of(args[0]))) {
            System.out.println("STARTED");
            System.out.flush();
            while (true) {
                Fixtures.finish(valence.dispatch(lattice().workflow(input++)));
            }
        }
    }

    /** step(p0, i) for i in 0..WIDTH, each fed to step(., WIDTH + i), then a sum: values are checkable. */
    static LatticeRef<Integer> lattice() {
        ElectronRef<Integer> step = Fixtures.<Integer>electron("crashStep")
                .parameter("x", INT)
                .parameter("salt", INT)
                .returns(INT)
                .build(args -> expected((Integer) args[0], (Integer) args[1]));
        ElectronRef<Integer> sum = Fixtures.<Integer>electron("crashSum")
                .parameter("values", "java.util.List<java.lang.Integer>")
                .returns(INT)
                .build(args -> {
                    @SuppressWarnings("unchecked")
                    List<Integer> values = (List<Integer>) args[0];
                    return values.stream().mapToInt(Integer::intValue).sum();
                });
        return Fixtures.lattice(
                "crashing",
                INT,
                (graph, in) -> {
                    List<Handle<Integer>> second = new ArrayList<>();
                    for (int i = 0; i < WIDTH; i++) {
                        Handle<Integer> first = graph.call(step, in.get(0), graph.constant(i, INT));
                        second.add(graph.call(step, first, graph.constant(WIDTH + i, INT)));
                    }
                    return graph.call(sum, graph.list("java.util.List<java.lang.Integer>", second));
                },
                INT);
    }

    /** What a step computes: anything deterministic that a test can recompute. */
    static int expected(int x, int salt) {
        return x * 31 + salt;
    }
}
