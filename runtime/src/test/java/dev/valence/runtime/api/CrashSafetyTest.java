package dev.valence.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.DispatchSummary;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Node;
import dev.valence.runtime.internal.graph.Invocations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills dispatching child JVMs with SIGKILL at random instants, about two hundred times: while the
 * JVM starts, while it opens the store, and while it dispatches (inside and between the commits of
 * finished nodes, while a 4 MB command output is moved into the blob store, and while the store is
 * pruned or vacuumed between dispatches). After every kill the store opens, every node recorded with a value holds what its
 * electron computes, no dispatch seen before has gone, and a redispatch of every interrupted
 * dispatch reuses every node it had stored. A last sweep reads every stored value again.
 *
 * <p>The figures printed at the end: the kills; the interrupted dispatches resumed; the stored
 * values verified (every node with a value, in every dispatch, counted once when first checked);
 * and the losses, which must be none: a node recorded with a value that cannot be read or is not
 * what its electron computes, a stored node that a redispatch does not reuse, a dispatch that
 * disappears or whose nodes lose their values.
 *
 * <p>The kills run in {@value #LANES} lanes at once, each on its own store with its own kill
 * sequence; in about a third of the rounds two children share the store (and take leases) and are
 * killed at independent instants. A store is checked only when none of its children is alive. The
 * instants are drawn from a seeded random, so a failing sequence can be replayed (up to the
 * machine's scheduling) with {@code -Dvalence.crash.seed=...}; every failure names the seed, the
 * lane and the kill.
 */
class CrashSafetyTest {
    /** Kills in all: the issue bounds the suite's kill test to a few hundred. */
    private static final int KILLS = Integer.getInteger("valence.crash.kills", 200);

    /** Stores killed in parallel, each with its own kill sequence. */
    private static final int LANES = 4;

    private static final long SEED = Long.getLong("valence.crash.seed", 20261122L);

    /** Kills aimed at the JVM's start land this long after the launch, at most. */
    private static final int START_WINDOW_MILLIS = 200;

    /** Kills aimed at the store's opening land this long after {@link CrashChild#OPENING}, at most. */
    private static final int OPEN_WINDOW_MILLIS = 300;

    /** Kills aimed at dispatching land this long after {@link CrashChild#STARTED}, at most. */
    private static final int DISPATCH_WINDOW_MILLIS = 600;

    /**
     * The same for two children on one store: each waits two presence beats (400 ms) after it sees
     * the other before it takes a lease, so their dispatches start later.
     */
    private static final int PAIR_DISPATCH_WINDOW_MILLIS = 1000;

    /** Each child gets its own range of inputs, so that every dispatch computes its nodes. */
    private static final int INPUTS_PER_CHILD = 1000;

    private static final int REPORTED_LOSSES = 20;

    /** Where a child was when it was killed. */
    enum Phase {
        JVM_START("JVM start"),
        STORE_OPEN("store open"),
        DISPATCHING("dispatching");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** When to kill a child: a delay after its launch, its {@code OPENING} or its {@code STARTED}. */
    private record Plan(Phase phase, int delayMillis) {
        static Plan draw(Random random, boolean pair) {
            int roll = random.nextInt(100);
            if (roll < 15) {
                return new Plan(Phase.JVM_START, random.nextInt(START_WINDOW_MILLIS));
            }
            if (roll < 30) {
                return new Plan(Phase.STORE_OPEN, random.nextInt(OPEN_WINDOW_MILLIS));
            }
            return new Plan(
                    Phase.DISPATCHING, random.nextInt(pair ? PAIR_DISPATCH_WINDOW_MILLIS : DISPATCH_WINDOW_MILLIS));
        }

        @Override
        public String toString() {
            return "aimed at " + phase + ", " + delayMillis + " ms after "
                    + switch (phase) {
                        case JVM_START -> "launch";
                        case STORE_OPEN -> CrashChild.OPENING;
                        case DISPATCHING -> CrashChild.STARTED;
                    };
        }
    }

    @TempDir
    Path folder;

    @Test
    void aKilledProcessNeverLeavesATornOrUnreadableResult() throws Exception {
        CrashChildren children = CrashChildren.prepare(Files.createDirectories(folder.resolve("jvm")));
        ExecutorService threads = Executors.newCachedThreadPool();
        AtomicBoolean stop = new AtomicBoolean();
        List<Lane> lanes = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
            int kills = KILLS / LANES + (lane < KILLS % LANES ? 1 : 0);
            lanes.add(new Lane(lane + 1, kills, lane * KILLS * INPUTS_PER_CHILD, folder, children, threads, stop));
        }
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Lane lane : lanes) {
                running.add(threads.submit(() -> {
                    lane.run();
                    return null;
                }));
            }
            Throwable failure = null;
            for (Future<?> lane : running) {
                try {
                    lane.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause();
                    } else {
                        failure.addSuppressed(e.getCause());
                    }
                }
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw new AssertionError(failure);
            }
        } finally {
            threads.shutdownNow();
        }

        int kills = 0;
        int resumed = 0;
        int verified = 0;
        int pairs = 0;
        int[] phases = new int[Phase.values().length];
        List<String> losses = new ArrayList<>();
        for (Lane lane : lanes) {
            kills += lane.killed;
            resumed += lane.resumed;
            verified += lane.verified;
            pairs += lane.pairs;
            for (Phase phase : Phase.values()) {
                phases[phase.ordinal()] += lane.phases[phase.ordinal()];
            }
            losses.addAll(lane.losses);
        }
        System.out.printf(
                "crash safety: %d kills, %d interrupted dispatches resumed, %d stored values verified, %d lost%n",
                kills, resumed, verified, losses.size());
        System.out.printf(
                "crash safety: killed during JVM start %d, store open %d, dispatching %d times;"
                        + " %d lanes, %d rounds with two children on one store, seed %d, class-data archive %s%n",
                phases[Phase.JVM_START.ordinal()],
                phases[Phase.STORE_OPEN.ordinal()],
                phases[Phase.DISPATCHING.ordinal()],
                LANES,
                pairs,
                SEED,
                children.archived() ? "used" : "not used");
        assertEquals(
                0,
                losses.size(),
                () -> losses.size() + " stored results lost; the first ones:\n"
                        + losses.stream().limit(REPORTED_LOSSES).collect(Collectors.joining("\n")));
        assertEquals(KILLS, kills, "kills done");
        assertTrue(verified > 0, "the children got far enough to store results (seed " + SEED + ")");
        assertTrue(resumed > 0, "some kills interrupted a dispatch (seed " + SEED + ")");
    }

    /** One store and its kill sequence. Checks the store after every round, when no child is alive. */
    private static final class Lane {
        private final int number;
        private final int kills;
        private final int firstInput;
        private final Path store;
        private final CrashChildren children;
        private final ExecutorService threads;
        private final AtomicBoolean stop;
        private final Random random;

        /** Every dispatch checked so far: how many nodes with a value it had, and after which kill it was seen. */
        private final Map<String, Seen> seen = new HashMap<>();

        private final List<String> losses = new ArrayList<>();
        private final Set<String> lost = new HashSet<>();
        private final int[] phases = new int[Phase.values().length];
        private int killed;
        private int resumed;
        private int verified;
        private int pairs;

        private record Seen(int valued, String when) {}

        Lane(
                int number,
                int kills,
                int firstInput,
                Path work,
                CrashChildren children,
                ExecutorService threads,
                AtomicBoolean stop) {
            this.number = number;
            this.kills = kills;
            this.firstInput = firstInput;
            this.store = work.resolve("store" + number);
            this.children = children;
            this.threads = threads;
            this.stop = stop;
            this.random = new Random(SEED * 31 + number);
        }

        void run() throws Exception {
            try {
                while (killed < kills && !stop.get()) {
                    round();
                }
                if (!stop.get()) {
                    check("the last sweep, after kill " + killed, true);
                }
            } catch (Exception | Error e) {
                stop.set(true);
                throw e;
            }
        }

        /** Starts one child, or two on the same store, kills them, and checks the store. */
        private void round() throws Exception {
            int size = killed > 0 && kills - killed >= 2 && random.nextInt(3) == 0 ? 2 : 1;
            List<Plan> plans = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                // The first child of a lane creates the store: aim its kill at that.
                plans.add(
                        killed == 0
                                ? new Plan(Phase.STORE_OPEN, random.nextInt(OPEN_WINDOW_MILLIS))
                                : Plan.draw(random, size == 2));
            }
            String what = size == 1
                    ? "kill " + (killed + 1) + " (" + plans.get(0) + ")"
                    : "kills " + (killed + 1) + "-" + (killed + 2) + " (two children on one store, " + plans.get(0)
                            + "; " + plans.get(1) + ")";
            List<CrashChildren.Child> started = new ArrayList<>();
            try {
                List<CompletableFuture<Phase>> deaths = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    CrashChildren.Child child = children.start(store, firstInput + (killed + i) * INPUTS_PER_CHILD);
                    started.add(child);
                    Plan plan = plans.get(i);
                    deaths.add(CompletableFuture.supplyAsync(() -> kill(child, plan), threads));
                }
                for (CompletableFuture<Phase> death : deaths) {
                    try {
                        phases[death.join().ordinal()]++;
                    } catch (CompletionException e) {
                        throw new AssertionError(
                                context(what) + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            } finally {
                started.forEach(CrashChildren.Child::destroy);
            }
            killed += size;
            if (size == 2) {
                pairs++;
            }
            check("after " + what, false);
        }

        private static Phase kill(CrashChildren.Child child, Plan plan) {
            try {
                long from = switch (plan.phase()) {
                    case JVM_START -> child.launchedAt();
                    case STORE_OPEN -> child.await(CrashChild.OPENING);
                    case DISPATCHING -> child.await(CrashChild.STARTED);
                };
                long wait = from + TimeUnit.MILLISECONDS.toNanos(plan.delayMillis()) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                return child.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        /**
         * Opens the store and checks the dispatches not seen before (all of them in the last sweep),
         * then resumes the interrupted ones.
         */
        private void check(String when, boolean sweep) {
            Valence valence;
            try {
                valence = Valence.open(store);
            } catch (RuntimeException e) {
                throw new AssertionError(context(when) + ": the store does not open: " + e, e);
            }
            try (valence) {
                if (sweep) {
                    awaitNoneRunning(valence, when);
                }
                Set<String> listed = new HashSet<>();
                List<String> interrupted = new ArrayList<>();
                for (DispatchSummary summary : valence.dispatches()) {
                    listed.add(summary.id());
                    Seen before = seen.get(summary.id());
                    if (before != null && !sweep) {
                        continue;
                    }
                    DispatchResult<Object> result;
                    try {
                        result = valence.result(summary.id()).orElseThrow();
                    } catch (RuntimeException e) {
                        lose(summary.id() + " unreadable", when, "dispatch " + summary.id() + " cannot be read: " + e);
                        continue;
                    }
                    int valued = (int) result.nodes().stream()
                            .filter(node -> node.status().hasValue())
                            .count();
                    int right = verify(result, when);
                    if (before == null) {
                        verified += right;
                        seen.put(summary.id(), new Seen(valued, when));
                        boolean unfinished = result.status() == DispatchStatus.RUNNING
                                || result.status() == DispatchStatus.INTERRUPTED;
                        if (unfinished && input(result) != null) {
                            interrupted.add(summary.id());
                        }
                    } else if (valued < before.valued()) {
                        lose(
                                summary.id() + " valued",
                                when,
                                "dispatch " + summary.id() + " had " + before.valued() + " nodes with a value "
                                        + before.when() + ", now " + valued);
                    }
                }
                seen.forEach((id, before) -> {
                    if (!listed.contains(id)) {
                        lose(
                                id + " gone",
                                when,
                                "dispatch " + id + ", seen " + before.when() + " with " + before.valued()
                                        + " nodes with a value, is gone from the store");
                    }
                });
                if (!sweep) {
                    for (String id : interrupted) {
                        resume(valence, id, when);
                    }
                }
            }
        }

        /**
         * Every process that wrote to this store is dead: once their presence lapses (about a
         * second), none of their dispatches may still be listed as RUNNING, only as INTERRUPTED.
         */
        private void awaitNoneRunning(Valence valence, String when) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<String> running;
            do {
                running = valence.dispatches().stream()
                        .filter(summary -> summary.status() == DispatchStatus.RUNNING)
                        .map(DispatchSummary::id)
                        .toList();
                if (running.isEmpty()) {
                    return;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            } while (System.nanoTime() < deadline);
            lose("running", when, "dispatches of dead processes are still listed as RUNNING: " + running);
        }

        /** Every node with a value holds what its electron computes; returns how many were read and right. */
        private int verify(DispatchResult<Object> result, String when) {
            Integer input = input(result);
            if (input == null) {
                lose(
                        result.id() + "/p0",
                        when,
                        "the input p0 of dispatch " + result.id() + " cannot be read as an Integer");
                return 0;
            }
            Map<String, Object> expected = reference(input);
            ranOnStoredUpstreams(result, when);
            int right = 0;
            for (NodeResult node : result.nodes()) {
                if (!node.status().hasValue()) {
                    continue;
                }
                String what = node.name() + " of dispatch " + result.id() + " (" + node.status() + ")";
                Object value;
                try {
                    value = node.value();
                } catch (RuntimeException e) {
                    lose(result.id() + "/" + node.name(), when, what + " has no readable value: " + e);
                    continue;
                }
                if (node.name().equals(CrashChild.BLOB_NODE)) {
                    String wrong = blobProblem(value, input);
                    if (wrong != null) {
                        lose(result.id() + "/" + node.name(), when, what + " " + wrong);
                        continue;
                    }
                } else if (!expected.containsKey(node.name()) || !Objects.equals(expected.get(node.name()), value)) {
                    lose(
                            result.id() + "/" + node.name(),
                            when,
                            what + " holds " + value + " where its electron computes " + expected.get(node.name()));
                    continue;
                }
                right++;
            }
            return right;
        }

        /**
         * Dependants start before their upstream's end is committed, so the commits' order is all
         * that keeps a store from holding a node that ran on a value the store lost: every node
         * recorded as started must find each of its arguments stored with a value.
         */
        private void ranOnStoredUpstreams(DispatchResult<Object> result, String when) {
            Map<Integer, NodeResult> byIndex = new HashMap<>();
            for (NodeResult node : result.nodes()) {
                byIndex.put(node.index(), node);
            }
            for (NodeResult node : result.nodes()) {
                if (node.startTime().isEmpty() && !node.status().hasValue()) {
                    continue;
                }
                for (int argument : node.arguments()) {
                    NodeResult upstream = byIndex.get(argument);
                    if (upstream == null || !upstream.status().hasValue()) {
                        lose(
                                result.id() + "/" + node.name(),
                                when,
                                node.name() + " of dispatch " + result.id() + " is recorded " + node.status()
                                        + " though its argument "
                                        + (upstream == null
                                                ? "#" + argument
                                                : upstream.name() + " (" + upstream.status() + ")")
                                        + " has no stored value");
                    }
                }
            }
        }

        /**
         * Redispatches an interrupted dispatch: every node it had stored is reused, and the rest run
         * to the right result.
         */
        private void resume(Valence valence, String id, String when) {
            DispatchResult<Object> before = valence.result(id).orElseThrow();
            int input = Objects.requireNonNull(input(before));
            DispatchResult<Integer> after;
            try {
                after = Fixtures.finish(valence.redispatch(id)
                        .withInputs(CrashChild.lattice().workflow(input))
                        .reuse(Reuse.ALL)
                        .start());
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(
                        context(when) + ": the redispatch of interrupted dispatch " + id + " failed: " + e, e);
            }
            if (after.status() != DispatchStatus.COMPLETED) {
                throw new AssertionError(context(when) + ": the redispatch of interrupted dispatch " + id + " ended "
                        + after.status() + ": " + after.error().orElse(""));
            }
            for (NodeResult node : before.nodes()) {
                if ((node.kind() == NodeKind.ELECTRON || node.kind() == NodeKind.COLLECTION)
                        && node.status().hasValue()) {
                    NodeStatus again = after.node(node.name()).status();
                    if (again != NodeStatus.REUSED) {
                        lose(
                                id + "/" + node.name() + " reuse",
                                when,
                                node.name() + " of interrupted dispatch " + id + " was stored (" + node.status()
                                        + ") but its redispatch " + after.id() + " did not reuse it: " + again);
                    }
                }
            }
            assertEquals(
                    CrashChild.expectedSum(input),
                    after.value(),
                    () -> context(when) + ": the result of the redispatch " + after.id() + " of " + id);
            resumed++;
        }

        /** Records a loss, once: the last sweep finds again what the checks after the kills found. */
        private void lose(String key, String when, String what) {
            if (lost.add(key)) {
                losses.add(context(when) + ": " + what);
            }
        }

        private String context(String when) {
            return "seed " + SEED + ", lane " + number + ", " + when;
        }
    }

    /** @return the input a dispatch recorded, or null if it cannot be read */
    private static Integer input(DispatchResult<Object> result) {
        try {
            return result.node("p0").value() instanceof Integer input ? input : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Null when the command node's value is its output, read back from its blob; otherwise what is wrong. */
    private static String blobProblem(Object value, int input) {
        if (!(value instanceof CommandResult command)) {
            return "holds " + value + " where a CommandResult was stored";
        }
        byte[] stdout;
        try {
            stdout = command.stdoutBytes();
        } catch (RuntimeException e) {
            return "has a stdout blob that cannot be read: " + e;
        }
        return Arrays.equals(CrashChild.expectedBlob(input), stdout)
                ? null
                : "has a stdout of " + stdout.length + " bytes that is not what the command wrote";
    }

    /** What each node of the crash lattice holds for an input, by name: its graph evaluated in this process. */
    private static Map<String, Object> reference(int input) {
        Graph graph = CrashChild.lattice().workflow(input).graph();
        Object[] values = new Object[graph.nodes().size()];
        Map<String, Object> byName = new HashMap<>();
        for (Node node : graph.nodes()) {
            Object value = node instanceof Node.Literal literal ? literal.value() : null;
            if (node instanceof Node.Step step && !node.name().equals(CrashChild.BLOB_NODE)) {
                Object[] arguments =
                        node.arguments().stream().map(index -> values[index]).toArray();
                try {
                    value = Invocations.invoke(step.electron(), arguments);
                } catch (Exception e) {
                    throw new AssertionError("evaluating " + node.name() + " for input " + input, e);
                }
            }
            values[node.index()] = value;
            byName.put(node.name(), value);
        }
        return byName;
    }
}
