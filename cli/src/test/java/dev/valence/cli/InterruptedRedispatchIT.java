package dev.valence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.valence.cli.fixtures.WaitingLattices;
import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Valence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during {@code valence redispatch}: the child JVM gets SIGINT while its electron runs, and
 * the store records the redispatch as cancelled, with the node not completed, instead of keeping it
 * as running (which a later reader would take for a crash).
 */
class InterruptedRedispatchIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private String store() {
        return work.resolve("store").toString();
    }

    @Test
    void ctrlCRecordsTheRedispatchAsCancelledAndItsNodeAsNotCompleted() throws Exception {
        Path hold = Files.createFile(work.resolve("hold"));
        String original;
        try (Valence valence = Valence.open(Path.of(store()))) {
            // Cancelled at once: nothing is stored for the electron, so the redispatch must run it.
            Dispatch<String> dispatch = valence.dispatch(WaitingLattices.workflow(hold.toString()));
            dispatch.cancel();
            DispatchResult<String> result =
                    dispatch.await(Duration.ofSeconds(Cli.PATIENCE_SECONDS)).orElseThrow();
            assertEquals(DispatchStatus.CANCELLED, result.status());
            original = result.id();
        }

        Cli.Running redispatch = Cli.start(
                work,
                "redispatch",
                original,
                "--classpath",
                Cli.classpathOf(WaitingLattices.class),
                "--store",
                store());
        String id = awaitRunningNode(redispatch, original);
        Process interrupt = new ProcessBuilder(
                        "kill", "-INT", Long.toString(redispatch.process().pid()))
                .inheritIO()
                .start();
        assertEquals(0, interrupt.waitFor(), "kill -INT");
        Cli.Result ended = redispatch.await();
        assertNotEquals(ExitCodes.OK, ended.exit(), ended::toString);

        JsonNode shown = JSON.readTree(
                Cli.run(work, "show", id, "--json", "--store", store()).ok().out());
        assertEquals("CANCELLED", shown.get("status").asText(), shown::toString);
        JsonNode node = electron(shown);
        assertNotEquals("COMPLETED", node.get("status").asText(), node::toString);
        assertNotEquals("RUNNING", node.get("status").asText(), node::toString);
        assertTrue(Files.exists(hold), "the electron never saw its file go");

        // Nothing of the interrupted run is reused by mistake: with the file gone, a redispatch completes.
        Files.delete(hold);
        Cli.Result again = Cli.run(
                        work,
                        "redispatch",
                        id,
                        "--classpath",
                        Cli.classpathOf(WaitingLattices.class),
                        "--store",
                        store())
                .ok();
        assertTrue(again.out().strip().endsWith(" COMPLETED"), again::toString);
    }

    /** @return the id of the redispatch of {@code original}, once its electron runs in the child */
    private String awaitRunningNode(Cli.Running redispatch, String original) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Cli.PATIENCE_SECONDS);
        while (true) {
            assertTrue(redispatch.process().isAlive(), () -> "the redispatch ended early: " + output(redispatch));
            assertTrue(System.nanoTime() < deadline, "the redispatch's electron never ran");
            for (JsonNode dispatch : JSON.readTree(
                    Cli.run(work, "list", "--json", "--store", store()).ok().out())) {
                if (original.equals(dispatch.path("redispatchOf").asText(null))) {
                    String id = dispatch.get("id").asText();
                    JsonNode shown = JSON.readTree(Cli.run(work, "show", id, "--json", "--store", store())
                            .ok()
                            .out());
                    if (electron(shown).get("status").asText().equals("RUNNING")) {
                        return id;
                    }
                }
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode electron(JsonNode shown) {
        for (JsonNode node : shown.get("nodes")) {
            if (node.get("kind").asText().equals("ELECTRON")) {
                return node;
            }
        }
        throw new AssertionError("no electron node in " + shown);
    }

    private static String output(Cli.Running running) {
        try {
            return running.outSoFar();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
