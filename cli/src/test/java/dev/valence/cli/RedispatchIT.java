package dev.valence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.valence.examples.ArithmeticLattices;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Valence;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code valence redispatch} in a child JVM that loads a generated lattice (the examples' {@code
 * Arithmetic.workflow}) from a {@code --classpath} entry, on a store the test JVM made.
 */
class RedispatchIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private String original;

    @BeforeEach
    void dispatch() {
        try (Valence valence = Valence.open(store())) {
            var result = valence.dispatch(ArithmeticLattices.workflow(1, 2)).await();
            assertEquals(DispatchStatus.COMPLETED, result.status());
            original = result.id();
        }
    }

    private Path store() {
        return work.resolve("store");
    }

    @Test
    void aRedispatchWithTheLatticesClassesReusesEverything() throws Exception {
        Cli.Result result = Cli.run(
                        work,
                        "redispatch",
                        original,
                        "--classpath",
                        Cli.classpathOf(ArithmeticLattices.class),
                        "--store",
                        store().toString())
                .ok();
        String[] line = result.out().strip().split("\n");
        String last = line[line.length - 1];
        assertTrue(last.endsWith(" COMPLETED"), result::toString);
        String id = last.substring(0, last.indexOf(' '));

        JsonNode shown = JSON.readTree(Cli.run(work, "show", id, "--json", "--store", store().toString())
                .ok()
                .out());
        assertEquals(original, shown.get("redispatchOf").asText());
        for (JsonNode node : shown.get("nodes")) {
            if (node.get("kind").asText().equals("ELECTRON")) {
                assertEquals("REUSED", node.get("status").asText(), node::toString);
            }
        }
    }

    @Test
    void withoutTheLatticesClassesItFailsInOneLineSayingWhatToPass() throws Exception {
        Cli.Result result = Cli.run(work, "redispatch", original, "--store", store().toString());
        ReadCommandsIT.assertOneLineError(result, ExitCodes.FAILED, "--classpath");
    }

    @Test
    void aMissingClasspathEntryIsAUsageError() throws Exception {
        Cli.Result result = Cli.run(
                work,
                "redispatch",
                original,
                "--classpath",
                work.resolve("nowhere.jar").toString(),
                "--store",
                store().toString());
        ReadCommandsIT.assertOneLineError(result, ExitCodes.USAGE, "nowhere.jar");
    }
}
