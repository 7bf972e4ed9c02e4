package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * The program run in child JVMs by {@link CrossProcessTest}: dispatches a chain of four electrons
 * on a shared store. Every electron run appends its name to a log file shared by all processes, so
 * the test counts executions across processes.
 *
 * <p>Arguments: store folder, log file, start-signal file, ready file. The process creates the ready
 * file once its store is open, waits for the start signal, dispatches, and prints the status. With
 * {@code -Dvalence.test.hold=true} the first electron never returns (the process holds its lease
 * until it is killed).
 */
public final class ChildDispatcher {
    static final Duration LEASE_PERIOD = Duration.ofMillis(600);

    private ChildDispatcher() {}

    /**
     * @param args store folder, log file, start-signal file, ready file
     * @throws Exception when the test setup fails
     */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        Path log = Path.of(args[1]);
        Path start = Path.of(args[2]);
        Path ready = Path.of(args[3]);
        try (Valence valence =
                Valence.builder().folder(folder).leasePeriod(LEASE_PERIOD).open()) {
            Files.createFile(ready);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(start)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no start signal");
                }
                Thread.sleep(5);
            }
            DispatchResult<Integer> result =
                    Fixtures.finish(valence.dispatch(chain(log).workflow(1)));
            System.out.println("STATUS " + result.status() + " VALUE " + result.value());
        }
    }

    /** step1 (slow, so that processes overlap) -> step2 -> step3 -> step4, each logging its run. */
    static LatticeRef<Integer> chain(Path log) {
        ElectronRef<Integer> step1 = step("step1", log, true);
        ElectronRef<Integer> step2 = step("step2", log, false);
        ElectronRef<Integer> step3 = step("step3", log, false);
        ElectronRef<Integer> step4 = step("step4", log, false);
        return Fixtures.lattice(
                "crossProcessChain",
                INT,
                (graph, in) -> {
                    Handle<Integer> one = graph.call(step1, in.get(0));
                    return graph.call(step4, graph.call(step3, graph.call(step2, one)));
                },
                INT);
    }

    private static ElectronRef<Integer> step(String name, Path log, boolean slow) {
        return Fixtures.<Integer>electron(name).parameter("x", INT).returns(INT).build(args -> {
            append(log, name);
            if (slow) {
                Thread.sleep(Boolean.getBoolean("valence.test.hold") ? Long.MAX_VALUE : 400);
            }
            return (Integer) args[0] + 1;
        });
    }

    static void append(Path log, String line) {
        try {
            // One small O_APPEND write per line: atomic between processes on a local file system.
            Files.write(
                    log,
                    (line + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
