package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;

import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.command.Command;
import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The program {@link CrashSafetyTest} kills: dispatches a fan-out graph (with a command whose 4 MB
 * output is stored as a blob) over and over on one store until it is killed, pruning or vacuuming
 * the store after each dispatch. Arguments: the store folder, the first input, and optionally how many
 * dispatches to run before exiting normally (by default it runs until it is killed).
 *
 * <p>It prints {@value #OPENING} before it opens the store and {@value #STARTED} once the store is
 * open, so that the test can aim its kills at each phase.
 */
public final class CrashChild {
    /** Nodes in one layer of the graph. */
    static final int WIDTH = 8;

    /** Printed when the JVM has started and the store is about to be opened. */
    static final String OPENING = "OPENING";

    /** Printed when the store is open and the first dispatch is about to start. */
    static final String STARTED = "STARTED";

    /**
     * Short, so that a process that finds a node leased by a killed child takes it over soon (two
     * children share a store in some of the test's rounds).
     */
    static final Duration LEASE_PERIOD = Duration.ofMillis(600);

    /** The size of the command output each dispatch stores as a blob: large, so kills land in its write. */
    static final int BLOB_BYTES = 4_000_000;

    /** The name of the command node, whose value the test checks by its blob's content. */
    static final String BLOB_NODE = "crashBlob";

    private CrashChild() {}

    /**
     * @param args store folder, first input, and optionally the number of dispatches to run
     */
    public static void main(String[] args) {
        Path folder = Path.of(args[0]);
        int input = Integer.parseInt(args[1]);
        long dispatches = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;
        announce(OPENING);
        try (Valence valence =
                Valence.builder().folder(folder).leasePeriod(LEASE_PERIOD).open()) {
            announce(STARTED);
            LatticeRef<Integer> lattice = lattice();
            for (long dispatch = 0; dispatch < dispatches; dispatch++) {
                Fixtures.finish(valence.dispatch(lattice.workflow(input++)));
                housekeeping(valence, dispatch);
            }
        }
    }

    /**
     * Prunes or vacuums between dispatches, so that kills land in them too. Prune is refused while
     * another process uses the store (the rounds with two children): that is expected, not a loss.
     */
    private static void housekeeping(Valence valence, long dispatch) {
        try {
            if (dispatch % 2 == 0) {
                valence.prune();
            } else {
                valence.vacuum();
            }
        } catch (ValenceException e) {
            // Another process has the store open.
        }
    }

    /** What the command node's stdout holds for an input: {@code yes <input> | head -c BLOB_BYTES}. */
    static byte[] expectedBlob(int input) {
        byte[] line = (input + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] blob = new byte[BLOB_BYTES];
        for (int i = 0; i < blob.length; i++) {
            blob[i] = line[i % line.length];
        }
        return blob;
    }

    private static void announce(String marker) {
        System.out.println(marker);
        System.out.flush();
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
        ElectronRef<CommandResult> blob = Fixtures.<CommandResult>electron(BLOB_NODE)
                .parameter("x", INT)
                .returns(CommandResult.class.getName())
                .build(args -> Command.of("sh", "-c", "yes " + args[0] + " | head -c " + BLOB_BYTES)
                        .run());
        return Fixtures.lattice(
                "crashing",
                INT,
                (graph, in) -> {
                    graph.call(blob, in.get(0));
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

    /** What the sum node of a dispatch with this input holds, computed without the graph. */
    static int expectedSum(int input) {
        int sum = 0;
        for (int i = 0; i < WIDTH; i++) {
            sum += expected(expected(input, i), WIDTH + i);
        }
        return sum;
    }
}
