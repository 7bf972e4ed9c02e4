package dev.valence.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.command.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The gzip sweep end to end: through the generated code, real gzip processes and a real store. */
@DisabledOnOs(OS.WINDOWS)
class CompressionSweepTest {

    @TempDir
    Path store;

    @Test
    void changingOneLevelRerunsExactlyOneJob() throws IOException {
        String firstId;
        try (Valence valence = Valence.open(store)) {
            List<CommandSweepDemo.Sweep> sweeps = new CommandSweepDemo(valence).run();
            CommandSweepDemo.Sweep first = sweeps.get(0);
            CommandSweepDemo.Sweep second = sweeps.get(1);
            assertEquals(DispatchStatus.COMPLETED, first.result().status());
            assertEquals(DispatchStatus.COMPLETED, second.result().status());

            assertEquals(4, first.jobs().size());
            assertEquals(4, first.jobsWith(NodeStatus.COMPLETED), "first run: every job runs");
            assertEquals(1, second.jobsWith(NodeStatus.COMPLETED), "second run: only the changed level runs");
            assertEquals(3, second.jobsWith(NodeStatus.REUSED));
            assertEquals(
                    NodeStatus.COMPLETED,
                    second.result().node("compress[levelD]").status());
            assertEquals(NodeStatus.REUSED, second.result().node("generate").status());

            List<String> rows = second.result().value().lines().skip(1).toList();
            assertEquals(4, rows.size(), second.result().value());
            assertTrue(rows.get(3).strip().startsWith("8 "), rows.get(3));
            firstId = first.result().id();
        }

        // A new instance (as a new process would) reads a job's stdout and output file from the store.
        try (Valence valence = Valence.open(store)) {
            CommandResult job = valence.result(firstId)
                    .orElseThrow()
                    .node("compress[levelA]")
                    .value(CommandResult.class);
            long input = Long.parseLong(
                    job.stdout().lines().findFirst().orElseThrow().split("=")[1].trim());
            Path saved = job.saveOutputFile("data.txt.gz", store.resolve("level1.gz"));
            try (InputStream in = new GZIPInputStream(Files.newInputStream(saved))) {
                assertEquals(input, in.transferTo(java.io.OutputStream.nullOutputStream()));
            }
            CommandResult data =
                    valence.result(firstId).orElseThrow().node("generate").value(CommandResult.class);
            assertEquals(input, data.stdoutRef().size());
        }
    }
}
