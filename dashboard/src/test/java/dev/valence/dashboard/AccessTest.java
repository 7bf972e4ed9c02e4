package dev.valence.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Valence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may read and write, and the main class that the command line calls. */
class AccessTest {
    @TempDir
    Path folder;

    @Test
    void offTheLoopbackEveryRequestNeedsTheToken() {
        try (Valence valence = Valence.open(folder);
                ValenceUi ui = ValenceUi.start(valence, "0.0.0.0", 0)) {
            assertTrue(ui.url().endsWith("/?token=" + ui.token()), ui.url());
            Http http = new Http(ui);
            assertEquals(403, http.get("/api/dispatches").status());
            assertEquals(403, http.get("/").status());
            assertEquals(
                    200, http.get("/api/dispatches", Access.HEADER, ui.token()).status());
            HttpResponse<String> page = send(http, "/?token=" + ui.token());
            assertEquals(200, page.statusCode());
            String cookie = page.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(
                    cookie.startsWith(Access.COOKIE + "=" + ui.token() + ";") && cookie.contains("HttpOnly"), cookie);
            // Scripts and event streams carry the cookie; writes still need the header.
            assertEquals(
                    200,
                    http.get("/app.js", "Cookie", Access.COOKIE + "=" + ui.token())
                            .status());
            assertEquals(
                    403,
                    http.post("/api/dispatches/x/cancel", "Cookie", Access.COOKIE + "=" + ui.token())
                            .status());
            assertEquals(
                    false,
                    http.get("/api/info", Access.HEADER, ui.token())
                            .json()
                            .get("loopback")
                            .asBoolean());
        }
    }

    @Test
    void onTheLoopbackAnotherHostNameIsRefused() throws IOException {
        try (Valence valence = Valence.open(folder);
                ValenceUi ui = ValenceUi.start(valence, 0)) {
            assertTrue(ui.url().startsWith("http://127.0.0.1:"), ui.url());
            assertTrue(raw(ui.port(), "localhost:" + ui.port()).startsWith("HTTP/1.1 200"));
            // A page of another site that rebinds its name to 127.0.0.1 sends its own name.
            assertTrue(raw(ui.port(), "attacker.example").startsWith("HTTP/1.1 403"));
        }
    }

    @Test
    void theMainClassServesAStoreFolderUntilStopped() throws Exception {
        try (Valence valence = Valence.open(folder)) {
            Workflows.finish(valence.dispatch(Workflows.chatty(3)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CountDownLatch stop = new CountDownLatch(1);
        AtomicInteger status = new AtomicInteger(-1);
        Thread main = new Thread(() -> {
            try {
                status.set(UiMain.run(
                        new String[] {folder.toString(), "--port", "0"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        stop));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        main.start();
        String printed = "";
        for (int i = 0; i < 300 && !printed.contains("http://"); i++) {
            LiveApiTest.sleep(20);
            printed = out.toString(StandardCharsets.UTF_8);
        }
        String url = printed.substring(printed.indexOf("http://")).trim();
        assertEquals(
                1,
                new Http(url.substring(0, url.length() - 1))
                        .get("/api/dispatches")
                        .json()
                        .get("total")
                        .asInt());
        stop.countDown();
        main.join(10_000);
        assertEquals(0, status.get(), err.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream usage = new ByteArrayOutputStream();
        PrintStream usageOut = new PrintStream(usage, true, StandardCharsets.UTF_8);
        assertEquals(2, UiMain.run(new String[] {}, usageOut, usageOut, stop));
        assertEquals(2, UiMain.run(new String[] {folder.resolve("missing").toString()}, usageOut, usageOut, stop));
        assertEquals(2, UiMain.run(new String[] {folder.toString(), "--port", "x"}, usageOut, usageOut, stop));
        assertTrue(usage.toString(StandardCharsets.UTF_8).contains("usage: UiMain STORE_FOLDER_OR_URL"));
    }

    private static HttpResponse<String> send(Http http, String path) {
        try {
            return Http.CLIENT.send(http.request(path).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A request written by hand: the JDK's client does not let a caller set the Host header. */
    private static String raw(int port, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/info HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
