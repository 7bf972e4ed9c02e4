package dev.valence.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.valence.runtime.Valence;
import dev.valence.runtime.command.Command;
import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.graph.Workflow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command electron's output files and streams, listed in its node's details and downloaded whole. */
class CommandFilesTest {
    private static final String RESULT = CommandResult.class.getName();

    @TempDir
    Path folder;

    private Valence valence;
    private ValenceUi ui;
    private Http http;
    private String id;

    /** x -> report(x): a program that writes two files (one with a non-ASCII name) and prints. */
    static Workflow<CommandResult> reportWorkflow(int lines) {
        ElectronRef<CommandResult> report = ElectronRef.<CommandResult>builder("dev.valence.dashboard.Hand#report")
                .parameter("x", Workflows.INT)
                .returns(RESULT)
                .codeFingerprint("code-of-report")
                .build(args -> Command.of(
                                "sh",
                                "-c",
                                "seq 1 \"$N\" > report.txt; printf 'é' > 'résumé.txt'; echo done; echo warn >&2")
                        .env("N", String.valueOf(args[0]))
                        .captureOutput("report.txt")
                        .captureOutput("résumé.txt")
                        .run());
        List<LatticeRef<CommandResult>> self = new ArrayList<>(1);
        LatticeRef<CommandResult> lattice = LatticeRef.<CommandResult>builder("dev.valence.dashboard.Hand#reports")
                .parameter("x", Workflows.INT)
                .returns(RESULT)
                .build(args -> {
                    Graph.Builder graph = Graph.builder();
                    Handle<Integer> input = graph.input("x", (Integer) args[0], Workflows.INT);
                    return self.get(0).workflow(graph, graph.call(report, input));
                });
        self.add(lattice);
        return lattice.workflow(lines);
    }

    @BeforeEach
    void dispatch() {
        valence = Valence.open(folder);
        id = Workflows.finish(valence.dispatch(reportWorkflow(1000))).id();
        ui = ValenceUi.start(valence, 0);
        http = new Http(ui);
    }

    @AfterEach
    void close() {
        ui.close();
        valence.close();
    }

    @Test
    void theNodeListsItsFilesAndStreamsWithTheirSizes() {
        JsonNode node = http.get("/api/dispatches/" + id + "/nodes/1").json();
        JsonNode files = node.get("files");
        assertEquals(2, files.size(), node.toString());
        assertEquals("report.txt", files.get(0).get("name").asText());
        assertEquals(expectedReport().length, files.get(0).get("size").asLong());
        assertEquals(
                "/api/dispatches/" + id + "/nodes/1/files/report.txt",
                files.get(0).get("href").asText());
        assertEquals("résumé.txt", files.get(1).get("name").asText());
        assertEquals(
                "/api/dispatches/" + id + "/nodes/1/files/r%C3%A9sum%C3%A9.txt",
                files.get(1).get("href").asText());
        assertEquals("stdout", node.get("streams").get(0).get("name").asText());
        assertEquals(5, node.get("streams").get(0).get("size").asLong(), "done\\n");
        assertEquals(5, node.get("streams").get(1).get("size").asLong(), "warn\\n");
        assertFalse(http.get("/api/dispatches/" + id + "/nodes/0").json().has("files"), "an input has none");
    }

    @Test
    void eachFileDownloadsWholeAsAnAttachment() throws Exception {
        HttpResponse<byte[]> report = download("/api/dispatches/" + id + "/nodes/1/files/report.txt");
        assertEquals(200, report.statusCode());
        assertArrayEquals(expectedReport(), report.body());
        assertEquals(
                "application/octet-stream",
                report.headers().firstValue("Content-Type").orElse(""));
        assertTrue(
                report.headers()
                        .firstValue("Content-Disposition")
                        .orElse("")
                        .startsWith("attachment; filename=\"report.txt\""),
                report.headers().toString());

        HttpResponse<byte[]> accented = download("/api/dispatches/" + id + "/nodes/1/files/r%C3%A9sum%C3%A9.txt");
        assertEquals(200, accented.statusCode());
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), accented.body());
        assertTrue(
                accented.headers()
                        .firstValue("Content-Disposition")
                        .orElse("")
                        .contains("filename*=UTF-8''r%C3%A9sum%C3%A9.txt"),
                accented.headers().toString());

        assertEquals(
                "done\n",
                new String(
                        download("/api/dispatches/" + id + "/nodes/1/streams/stdout")
                                .body(),
                        StandardCharsets.UTF_8));
        assertEquals(
                "warn\n",
                new String(
                        download("/api/dispatches/" + id + "/nodes/1/streams/stderr")
                                .body(),
                        StandardCharsets.UTF_8));
    }

    @Test
    void unknownFilesAndNodesWithoutACommandAreNotFoundWithTheChoices() {
        Http.Answer missing = http.get("/api/dispatches/" + id + "/nodes/1/files/nope.txt");
        assertEquals(404, missing.status());
        assertTrue(missing.body().contains("[report.txt, résumé.txt]"), missing.body());
        assertEquals(
                404,
                http.get("/api/dispatches/" + id + "/nodes/1/streams/stdin").status());
        Http.Answer input = http.get("/api/dispatches/" + id + "/nodes/0/files/report.txt");
        assertEquals(404, input.status());
        assertTrue(input.body().contains("no command result"), input.body());
    }

    private HttpResponse<byte[]> download(String path) throws IOException, InterruptedException {
        return Http.CLIENT.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ui.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] expectedReport() {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 1000; i++) {
            lines.append(i).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }
}
