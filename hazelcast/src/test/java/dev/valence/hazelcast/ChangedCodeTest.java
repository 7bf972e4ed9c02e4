package dev.valence.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker whose class path holds another version of an electron's class (compiled here, with the
 * annotation processor, into a folder put first on the worker's class path) refuses the
 * coordinator's tasks for that electron, naming both code fingerprints and the class.
 */
class ChangedCodeTest {
    @TempDir
    Path work;

    @Test
    void aWorkerWithAnotherVersionOfAnElectronRefusesItsTasksAndRunsNoCode() throws Exception {
        Path changed = compileChangedLeaf();
        Path store = work.resolve("store");
        Path runs = Files.createDirectories(work.resolve("runs"));
        String cluster = "valence-test-" + UUID.randomUUID();
        int port = Processes.freePort();
        try (Processes processes = new Processes(work)) {
            processes.worker("changed", cluster, port, List.of(port), store.toString(), changed.toString());
            try (HazelcastExecutor executor = HazelcastExecutor.connect(cluster, List.of("127.0.0.1:" + port));
                    Valence valence = Valence.builder()
                            .folder(store)
                            .defaultExecutor(executor)
                            .open()) {
                DispatchResult<Long> result = valence.dispatch(ClusterGraphLattices.grid(1, 3, 0, runs.toString()))
                        .await(Processes.PATIENCE)
                        .orElseThrow();
                assertEquals(DispatchStatus.FAILED, result.status());
                // The first of the grid's leaves, named by its plain arguments.
                NodeResult leaf = result.node("leaf[0,delayMillis,runs]");
                assertEquals(NodeStatus.FAILED, leaf.status());
                String coordinators = leaf.codeFingerprint().orElseThrow();
                String reason = leaf.reason().orElseThrow();
                assertTrue(
                        reason.contains("worker changed refuses node leaf[0,delayMillis,runs]: electron leaf of class "
                                + ClusterGraph.class.getName() + " has code fingerprint "),
                        reason);
                assertTrue(reason.contains(" on this worker but " + coordinators + " on the coordinator"), reason);
                String workers = reason.replaceAll(".* has code fingerprint (\\S+) on this worker.*", "$1");
                assertTrue(!workers.equals(coordinators) && !workers.isEmpty(), reason);
                assertTrue(reason.contains("start the worker with the coordinator's jars"), reason);
            }
        }
        assertEquals(0, Processes.count(runs), "no code ran on the worker");
        // The same tasks on a worker with the coordinator's code run, so the refusal was the code's.
        try (Valence valence = Valence.open(store)) {
            assertEquals(
                    ClusterGraph.expected(1, 3),
                    valence.dispatch(ClusterGraphLattices.grid(1, 3, 0, runs.toString()))
                            .await()
                            .value());
        }
    }

    /** Compiles the tests' workflow with one electron's body changed, generated catalog included. */
    private Path compileChangedLeaf() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/valence/hazelcast/ClusterGraph.java"));
        String changedSource = source.replace("return i * 7L + 3;", "return i * 7L + 4;");
        assertTrue(!changedSource.equals(source), "the leaf's body is where this test expects it");
        Path sources = Files.createDirectories(work.resolve("changed-src/dev/valence/hazelcast"));
        Path file = Files.writeString(sources.resolve("ClusterGraph.java"), changedSource);
        Path classes = Files.createDirectories(work.resolve("changed-classes"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(
                null,
                errors,
                errors,
                "-d",
                classes.toString(),
                "-cp",
                classpath,
                // The processor is on the tests' class path; naming the path turns processing on
                // with every JDK (newer ones no longer look for processors by default).
                "-processorpath",
                classpath,
                file.toString());
        assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));
        assertTrue(Files.exists(classes.resolve("dev/valence/hazelcast/ClusterGraphLattices$Catalog.class")));
        return classes;
    }
}
