package dev.valence.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running dispatch over HTTP: its event stream, cancel, and delete refused while it runs. */
class LiveApiTest {
    @TempDir
    Path folder;

    private final CountDownLatch release = new CountDownLatch(1);
    private Valence valence;
    private ValenceUi ui;
    private Http http;

    @BeforeEach
    void start() {
        valence = Valence.open(folder);
        ui = ValenceUi.start(valence, 0);
        http = new Http(ui);
    }

    @AfterEach
    void close() {
        release.countDown();
        ui.close();
        valence.close();
    }

    @Test
    void theEventStreamSendsTheStateThenOnlyChangesThenTheEnd() throws Exception {
        Dispatch<Integer> dispatch = valence.dispatch(Workflows.held(1, release));
        awaitRunning(dispatch, "held");
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        HttpResponse<Stream<String>> response = Http.CLIENT.send(
                http.request("/api/dispatches/" + dispatch.id() + "/events").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        Thread reader = new Thread(
                () -> {
                    try {
                        response.body().forEach(lines::add);
                    } catch (java.io.UncheckedIOException closedAtTeardown) {
                        // the server stops after the test: the stream may end without its last chunk
                    }
                },
                "test-sse-reader");
        reader.setDaemon(true);
        reader.start();

        String snapshot = nextData(lines, "snapshot");
        assertTrue(snapshot.contains("[2,\"RUNNING\""), snapshot); // node 2 is "held"
        assertTrue(snapshot.contains("\"status\":\"RUNNING\""), snapshot);
        release.countDown();
        String end = nextData(lines, "end");
        assertTrue(end.contains("\"status\":\"COMPLETED\""), end);
        assertEquals(DispatchStatus.COMPLETED, Workflows.finish(dispatch).status());
    }

    @Test
    void cancelNeedsTheTokenAndDeleteWaitsForTheEnd() {
        Dispatch<Integer> dispatch = valence.dispatch(Workflows.held(1, release));
        awaitRunning(dispatch, "held");
        String path = "/api/dispatches/" + dispatch.id();
        assertEquals(403, http.post(path + "/cancel").status());
        Http.Answer refused = http.delete(path, Access.HEADER, ui.token());
        assertEquals(409, refused.status(), refused.body());

        Http.Answer cancelled = http.post(path + "/cancel", Access.HEADER, ui.token());
        assertEquals(200, cancelled.status(), cancelled.body());
        assertTrue(cancelled.json().get("cancelled").asBoolean());
        assertEquals(DispatchStatus.CANCELLED, Workflows.finish(dispatch).status());
        assertEquals("CANCELLED", http.get(path).json().get("status").asText());
        assertEquals(200, http.delete(path, Access.HEADER, ui.token()).status());
        assertEquals(
                404,
                http.post("/api/dispatches/nope/cancel", Access.HEADER, ui.token())
                        .status());
    }

    @Test
    void anEndedDispatchsStreamSendsItsStateAndEnds() throws Exception {
        release.countDown();
        Dispatch<Integer> dispatch = valence.dispatch(Workflows.held(1, release));
        Workflows.finish(dispatch);
        Http.Answer stream = http.get("/api/dispatches/" + dispatch.id() + "/events");
        assertEquals(200, stream.status());
        assertTrue(stream.body().startsWith("event: snapshot\n"), stream.body());
        assertTrue(stream.body().contains("event: end\n"), stream.body());
        assertEquals(404, http.get("/api/dispatches/nope/events").status());
    }

    static void awaitRunning(Dispatch<?> dispatch, String node) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (dispatch.nodes().stream().noneMatch(n -> n.name().equals(node) && n.status() == NodeStatus.RUNNING)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(node + " did not start: " + dispatch.nodes());
            }
            sleep(20);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads lines up to the named event and returns its data. */
    private static String nextData(BlockingQueue<String> lines, String event) throws InterruptedException {
        boolean inEvent = false;
        while (true) {
            String line = lines.poll(30, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no '" + event + "' event within 30 s");
            }
            if (line.equals("event: " + event)) {
                inEvent = true;
            } else if (inEvent && line.startsWith("data: ")) {
                return line.substring("data: ".length());
            }
        }
    }
}
