package dev.valence.dashboard;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes answers: JSON bodies made with Jackson's streaming generator, and errors as JSON. */
final class Answers {
    /** Streaming, not a tree: a 10,000-node dispatch is written without building objects per node. */
    static final JsonFactory JSON = new JsonFactory();

    private Answers() {}

    /** What writes a JSON body. */
    @FunctionalInterface
    interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    static void json(HttpExchange exchange, int status, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            body.write(json);
        }
        send(exchange, status, "application/json; charset=utf-8", bytes.toByteArray());
    }

    static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, json -> {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeEndObject();
        });
    }

    static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = exchange.getRequestMethod().equals("HEAD"); // headers only, the length of a GET's body
        exchange.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (body.length > 0 && !head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void text(HttpExchange exchange, int status, String text) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a time as epoch milliseconds (what the page's Date takes), or null. */
    static void time(JsonGenerator json, String field, java.time.Instant time) throws IOException {
        if (time == null) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, time.toEpochMilli());
        }
    }
}
