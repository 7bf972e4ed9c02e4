package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The program run in child JVMs by {@link PauseTest}: dispatches one slow electron, {@code square},
 * on a shared store, appending to a shared log on every run so that the test counts runs across
 * processes. The test pauses it with SIGSTOP while it computes.
 *
 * <p>Arguments: store folder, log file, lease period in milliseconds, how long {@code square}
 * sleeps in milliseconds. Prints {@code DISPATCH <id> STATUS <status> VALUE <value>}.
 */
public final class PausedChild {
    private PausedChild() {}

    /**
     * @param args store folder, log file, lease period (ms), sleep (ms)
     * @throws Exception when the test setup fails
     */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Path log = Path.of(args[1]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
        long sleep = Long.parseLong(args[3]);
        try (Valence valence =
                Valence.builder().folder(folder).leasePeriod(lease).open()) {
            DispatchResult<Integer> result =
                    Fixtures.finish(valence.dispatch(squareOf(log, sleep).workflow(7)), Duration.ofSeconds(60));
            System.out.println("DISPATCH " + result.id() + " STATUS " + result.status() + " VALUE " + result.value());
        }
    }

    /** A workflow of one electron that logs its run, sleeps, and squares its input. */
    static LatticeRef<Integer> squareOf(Path log, long sleepMillis) {
        ElectronRef<Integer> square = Fixtures.<Integer>electron("square")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    ChildDispatcher.append(log, "square");
                    Thread.sleep(sleepMillis);
                    return (Integer) args[0] * (Integer) args[0];
                });
        return Fixtures.lattice("pausedSquare", INT, (graph, in) -> graph.call(square, in.get(0)), INT);
    }
}
