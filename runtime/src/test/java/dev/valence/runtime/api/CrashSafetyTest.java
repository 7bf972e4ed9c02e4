package dev.valence.runtime.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchSummary;
import dev.valence.runtime.Graph;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a dispatching child JVM with SIGKILL at random instants, many times, on one store. After
 * every kill the store opens, every node recorded as completed has a readable, correct value, and a
 * redispatch of the interrupted dispatch reuses every one of them.
 */
class CrashSafetyTest {
    private static final int KILLS = 25;

    @TempDir
    Path folder;

    @Test
    void aKilledProcessNeverLeavesATornOrUnreadableResult() throws Exception {
        Random random = new Random(20261122L);
        int verified = 0;
        int resumed = 0;
        int input = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process child = start(input);
            Thread.sleep(random.nextInt(400));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
            input += 1000;

            try (Valence valence = Valence.open(folder)) {
                List<DispatchSummary> dispatches = valence.dispatches();
                for (DispatchSummary summary : dispatches) {
                    verified += verify(valence.result(summary.id()).orElseThrow());
                }
                if (!dispatches.isEmpty()) {
                    resumed += resume(
                            valence, dispatches.get(dispatches.size() - 1).id());
                }
            }
        }
        System.out.printf(
                "crash safety: %d kills, %d interrupted dispatches resumed, %d stored values verified, 0 lost%n",
                KILLS, resumed, verified);
        assertTrue(verified > 0, "the children got far enough to store results");
    }

    /** Every node with a value decodes to what its electron computes. */
    private static int verify(DispatchResult<Object> result) {
        int verified = 0;
        int input = (Integer) result.node("p0").value();
        for (NodeResult node : result.electronNodes()) {
            if (!node.status().hasValue()) {
                continue;
            }
            Object value = node.value();
            if (node.name().startsWith("crashStep")) {
                int call = node.name().equals("crashStep")
                        ? 1
                        : Integer.parseInt(node.name().substring(10));
                int i = (call - 1) / 2;
                int expected = (call % 2 == 1)
                        ? CrashChild.expected(input, i)
                        : CrashChild.expected(CrashChild.expected(input, i), CrashChild.WIDTH + i);
                assertEquals(expected, value, node.name() + " of " + result.id());
            }
            verified++;
        }
        return verified;
    }

    /** Redispatches an interrupted dispatch: each node it completed is reused, nothing is recomputed that was stored. */
    private static int resume(Valence valence, String id) {
        DispatchResult<Object> before = valence.result(id).orElseThrow();
        if (before.status().isFinal()) {
            return 0;
        }
        int input = (Integer) before.node("p0").value();
        DispatchResult<Integer> after = Fixtures.finish(valence.redispatch(id)
                .withInputs(CrashChild.lattice().workflow(input))
                .reuse(Reuse.ALL)
                .start());
        for (NodeResult node : before.electronNodes()) {
            if (node.status() == NodeStatus.COMPLETED || node.status() == NodeStatus.REUSED) {
                assertEquals(
                        NodeStatus.REUSED,
                        after.node(node.name()).status(),
                        node.name() + " was stored before the kill");
            }
        }
        assertEquals(Graph.Kind.ELECTRON, after.node("crashSum").kind());
        return 1;
    }

    private Process start(int input) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(
                        java, "-cp", classpath, CrashChild.class.getName(), folder.toString(), Integer.toString(input))
                .redirectErrorStream(true)
                .start();
        BufferedReader output =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = output.readLine()) != null && !line.equals("STARTED")) {
            // the JVM's own warnings, if any
        }
        assertEquals("STARTED", line, "the child did not start");
        return child;
    }
}
