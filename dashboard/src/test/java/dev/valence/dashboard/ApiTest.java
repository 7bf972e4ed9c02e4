package dev.valence.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSON API over real HTTP on loopback, on a store made by real dispatches. */
class ApiTest {
    @TempDir
    Path folder;

    private Valence valence;
    private ValenceUi ui;
    private Http http;
    private String first;
    private String second;
    private String failed;

    @BeforeEach
    void dispatch() {
        valence = Valence.open(folder);
        first = Workflows.finish(valence.dispatch(Workflows.chatty(2))).id();
        second = Workflows.finish(valence.dispatch(Workflows.chatty(2))).id(); // reuses every node of the first
        failed = Workflows.finish(valence.dispatch(Workflows.failing(1))).id();
        ui = ValenceUi.start(valence, 0);
        http = new Http(ui);
    }

    @AfterEach
    void close() {
        ui.close();
        valence.close();
    }

    @Test
    void theListHasCountsAndIsFilteredSortedAndPagedByTheServer() {
        JsonNode page = http.get("/api/dispatches").json();
        assertEquals(3, page.get("total").asInt());
        List<String> ids = ids(page);
        assertEquals(List.of(failed, second, first), ids, "newest first by default");
        JsonNode firstItem = page.get("items").get(2);
        assertEquals("COMPLETED", firstItem.get("status").asText());
        assertEquals(3, firstItem.get("computed").asInt());
        assertEquals(0, firstItem.get("reused").asInt());
        assertTrue(firstItem.get("durationMs").asLong() >= 0);
        JsonNode secondItem = page.get("items").get(1);
        assertEquals(0, secondItem.get("computed").asInt());
        assertEquals(3, secondItem.get("reused").asInt());
        assertEquals(1, page.get("items").get(0).get("failed").asInt());

        assertEquals(
                List.of(failed), ids(http.get("/api/dispatches?status=failed").json()));
        assertEquals(
                List.of(second, first), ids(http.get("/api/dispatches?q=CHATTY").json()));
        assertEquals(
                List.of(first, second, failed),
                ids(http.get("/api/dispatches?order=asc").json()));
        JsonNode paged = http.get("/api/dispatches?order=asc&offset=1&limit=1").json();
        assertEquals(3, paged.get("total").asInt());
        assertEquals(List.of(second), ids(paged));
        assertEquals(3, ids(http.get("/api/dispatches?sort=duration").json()).size());
    }

    @Test
    void aDispatchAnswersItsNodesAsColumns() {
        JsonNode dispatch = http.get("/api/dispatches/" + second).json();
        assertEquals(second, dispatch.get("id").asText());
        assertEquals("COMPLETED", dispatch.get("status").asText());
        JsonNode nodes = dispatch.get("nodes");
        assertEquals(4, nodes.get("count").asInt());
        assertEquals(
                "[\"x\",\"prepare\",\"square\",\"total\"]", nodes.get("name").toString());
        assertEquals(
                "[\"COMPLETED\",\"REUSED\",\"REUSED\",\"REUSED\"]",
                nodes.get("status").toString());
        assertEquals("[[],[0],[1],[2]]", nodes.get("args").toString(), "the edges: each node's argument nodes");
        assertEquals("[null,0,0,0]", nodes.get("reusedFrom").toString());
        assertEquals(first, nodes.get("reusedFromIds").get(0).asText());
        assertTrue(nodes.get("reusedFrom").get(0).isNull());
        assertEquals(3, dispatch.get("counts").get("reused").asInt());
        assertEquals(404, http.get("/api/dispatches/nope").status());
    }

    @Test
    void aNodeHasItsOutputReasonFingerprintValueAndError() {
        JsonNode prepare = http.get("/api/dispatches/" + first + "/nodes/1").json();
        assertEquals("prepare", prepare.get("name").asText());
        assertEquals("COMPLETED", prepare.get("status").asText());
        assertEquals("preparing 2\n", prepare.get("stdout").asText().replace("\r\n", "\n"));
        assertEquals(1, prepare.get("attempts").asInt());
        assertNotNull(prepare.get("startedAt").numberValue());
        assertEquals("code-of-prepare", prepare.get("codeFingerprint").asText());
        assertFalse(prepare.get("reason").isNull());
        assertEquals("3", prepare.get("value").asText());

        JsonNode reused = http.get("/api/dispatches/" + second + "/nodes/2").json();
        assertEquals("REUSED", reused.get("status").asText());
        assertEquals(first, reused.get("reusedFrom").asText());
        assertEquals("9", reused.get("value").asText());

        JsonNode explode = http.get("/api/dispatches/" + failed + "/nodes/1").json();
        assertEquals("FAILED", explode.get("status").asText());
        assertTrue(explode.get("error").asText().contains("no luck with 1"), explode.toString());
        assertTrue(explode.get("error").asText().contains("\tat "), "with its stack trace");
        assertFalse(explode.has("value"));

        assertEquals(404, http.get("/api/dispatches/" + first + "/nodes/99").status());
        assertEquals(
                400, http.get("/api/dispatches/" + first + "/nodes/prepare").status());
    }

    @Test
    void deleteNeedsTheTokenAndRemovesTheDispatch() {
        assertEquals(403, http.delete("/api/dispatches/" + first).status());
        assertEquals(
                403,
                http.delete("/api/dispatches/" + first, Access.HEADER, "wrong").status());
        Http.Answer deleted = http.delete("/api/dispatches/" + first, Access.HEADER, ui.token());
        assertEquals(200, deleted.status(), deleted.body());
        assertTrue(deleted.json().get("deleted").asBoolean());
        assertEquals(404, http.get("/api/dispatches/" + first).status());
        assertEquals(2, http.get("/api/dispatches").json().get("total").asInt());
        assertEquals(
                404,
                http.delete("/api/dispatches/" + first, Access.HEADER, ui.token())
                        .status());
    }

    @Test
    void thePageCarriesTheTokenAndSaysWhetherTheGraphIsThere() {
        Http.Answer page = http.get("/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("content=\"" + ui.token() + "\""), "the token for cancel and delete");
        assertEquals(200, http.get("/app.js").status());
        assertEquals(404, http.get("/../pom.xml").status());
        JsonNode info = http.get("/api/info").json();
        assertEquals(StaticFiles.hasGraphLibraries(), info.get("graph").asBoolean());
        assertTrue(info.get("loopback").asBoolean());
        assertEquals(405, http.post("/", Access.HEADER, ui.token()).status());
    }

    @Test
    void resultsStayReadableFromTheApiAfterARedispatch() {
        Dispatch<Object> again = valence.redispatch(first).start();
        DispatchResult<Object> result = Workflows.finish(again);
        JsonNode dispatch = http.get("/api/dispatches/" + result.id()).json();
        assertEquals(first, dispatch.get("redispatchOf").asText());
        assertEquals(4, http.get("/api/dispatches").json().get("total").asInt());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }
}
