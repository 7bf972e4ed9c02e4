package dev.valence.postgres;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import dev.valence.runtime.api.Fixtures;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * The program {@link ProcessesTest} runs in child JVMs on one PostgreSQL store: it dispatches
 * {@link #lattice} and prints {@code DISPATCH <id> STATUS <status> VALUE <value>}. Every electron run
 * creates a file of its own in the runs folder ({@code <electron>-<uuid>}), so the test counts
 * executions across processes by files, not by what any process reports.
 *
 * <p>Arguments: JDBC URL, schema, runs folder, ready file, start file, the tag of this process. The
 * process creates the ready file once its store is open and dispatches when the start file appears.
 * With {@code -Dvalence.test.hold=true} the {@code hold} electron never returns, so the process holds
 * its dispatch open until it is killed.
 */
public final class SharingChild {
    static final Duration LEASE_PERIOD = Duration.ofMillis(600);

    private SharingChild() {}

    /**
     * @param args JDBC URL, schema, runs folder, ready file, start file, tag
     * @throws Exception when the test setup fails
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        Path runs = Path.of(args[2]);
        Path ready = Path.of(args[3]);
        Path start = Path.of(args[4]);
        String tag = args[5];
        PostgresStore store = PostgresStore.builder(url)
                .schema(schema)
                .cacheFolder(Files.createTempDirectory(runs.getParent(), "cache-"))
                .open();
        try (Valence valence =
                Valence.builder().store(store).leasePeriod(LEASE_PERIOD).open()) {
            Files.createFile(ready);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!Files.exists(start)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no start signal");
                }
                Thread.sleep(5);
            }
            DispatchResult<String> result =
                    Fixtures.finish(valence.dispatch(lattice(runs).workflow(5, tag)), Duration.ofSeconds(90));
            System.out.println("DISPATCH " + result.id() + " STATUS " + result.status() + " VALUE " + result.value());
        }
    }

    /**
     * {@code slow(p0)} then {@code twice(.)} (shared by every process given the same {@code p0}),
     * then {@code hold(., p1)} and {@code tag(., p1)}, which differ by the process's tag.
     */
    static LatticeRef<String> lattice(Path runs) {
        ElectronRef<Integer> slow = electron("slow", runs, 1, args -> {
            Thread.sleep(700);
            return (Integer) args[0] + 1;
        });
        ElectronRef<Integer> twice = electron("twice", runs, 1, args -> (Integer) args[0] * 2);
        ElectronRef<Integer> hold = electron("hold", runs, 2, args -> {
            if (Boolean.getBoolean("valence.test.hold")) {
                Thread.sleep(Long.MAX_VALUE);
            }
            return (Integer) args[0];
        });
        ElectronRef<String> tag = ElectronRef.<String>builder("dev.valence.postgres.Sharing#tag")
                .parameter("x", "java.lang.Integer")
                .parameter("tag", "java.lang.String")
                .returns("java.lang.String")
                .build(args -> {
                    ran(runs, "tag");
                    return args[1] + "=" + args[0];
                });
        return Fixtures.lattice(
                "sharing",
                "java.lang.String",
                (graph, in) -> {
                    Handle<Integer> shared = graph.call(twice, graph.call(slow, in.get(0)));
                    return graph.call(tag, graph.call(hold, shared, in.get(1)), in.get(1));
                },
                "java.lang.Integer",
                "java.lang.String");
    }

    /** A body of an electron, which may throw. */
    @FunctionalInterface
    interface Body<R> {
        R apply(Object[] args) throws Exception;
    }

    private static ElectronRef<Integer> electron(String name, Path runs, int parameters, Body<Integer> body) {
        ElectronRef.Builder<Integer> builder = ElectronRef.builder("dev.valence.postgres.Sharing#" + name);
        for (int i = 0; i < parameters; i++) {
            builder.parameter("a" + i, i == 0 ? "java.lang.Integer" : "java.lang.String");
        }
        return builder.returns("java.lang.Integer").build(args -> {
            ran(runs, name);
            return body.apply(args);
        });
    }

    /** One file per execution: counted by the test, whichever process ran it. */
    static void ran(Path runs, String electron) {
        try {
            Files.createFile(runs.resolve(electron + "-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
