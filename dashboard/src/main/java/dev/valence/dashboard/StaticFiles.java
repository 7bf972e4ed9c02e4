package dev.valence.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page, its script and styles, and the graph libraries, read from the jar's resources. The page
 * gets the access token written into it: a request that could read the page may already read
 * everything, and the page's script needs the token to cancel and delete.
 */
final class StaticFiles implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(StaticFiles.class);
    static final String ROOT = "/dev/valence/dashboard/static/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "png", "image/png",
            "svg", "image/svg+xml");

    private final Access access;

    StaticFiles(Access access) {
        this.access = access;
    }

    /** @return whether the graph libraries were built into the jar (npm was there at build time) */
    static boolean hasGraphLibraries() {
        return StaticFiles.class.getResource(ROOT + "vendor/cytoscape.min.js") != null;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            serve(exchange);
        } catch (IOException e) {
            LOG.debug("serving {} failed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        String refused = access.refuseRead(exchange);
        if (refused != null) {
            Answers.text(exchange, 403, refused + "\n");
            return;
        }
        if (!exchange.getRequestMethod().equals("GET")
                && !exchange.getRequestMethod().equals("HEAD")) {
            Answers.text(exchange, 405, "read-only\n");
            return;
        }
        if (access.tokenInQuery(exchange)) {
            exchange.getResponseHeaders()
                    .add("Set-Cookie", Access.COOKIE + "=" + access.token() + "; Path=/; HttpOnly; SameSite=Strict");
        }
        List<String> path = Paths.segments(exchange.getRequestURI().getRawPath());
        String name = path.isEmpty() ? "index.html" : String.join("/", path);
        if (path.contains("..") || path.stream().anyMatch(segment -> segment.contains("\\"))) {
            Answers.text(exchange, 404, "not found\n");
            return;
        }
        byte[] body;
        try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                Answers.text(exchange, 404, "not found: " + name + "\n");
                return;
            }
            body = in.readAllBytes();
        }
        String extension = name.substring(name.lastIndexOf('.') + 1);
        if (name.equals("index.html")) {
            body = new String(body, StandardCharsets.UTF_8)
                    .replace("@TOKEN@", access.token())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .set(
                            "Content-Security-Policy",
                            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:");
        }
        Answers.send(exchange, 200, TYPES.getOrDefault(extension, "application/octet-stream"), body);
    }
}
