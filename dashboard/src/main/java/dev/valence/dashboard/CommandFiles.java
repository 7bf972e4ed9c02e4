package dev.valence.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.spi.store.BlobRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The files of a command electron's result, for the node panel to offer as downloads: its output
 * files and its own stdout and stderr (the program's, kept whole in the store, not the electron's
 * captured console). Listed with {@link #write}; each is served, streamed from the store, under
 * {@code /api/dispatches/ID/nodes/INDEX/files/NAME} or {@code .../streams/stdout|stderr}.
 */
final class CommandFiles {
    private CommandFiles() {}

    /** @return the node's value when it is a command's result, read from the store */
    static Optional<CommandResult> of(NodeResult node) {
        if (!node.status().hasValue() || node.valueFingerprint().isEmpty()) {
            return Optional.empty();
        }
        try {
            return node.value() instanceof CommandResult result ? Optional.of(result) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // its type is not on this class path, or it is damaged: the panel says so
        }
    }

    /** Writes {@code "files"} and {@code "streams"}: name, size and the address of each download. */
    static void write(JsonGenerator json, String dispatchId, NodeResult node, CommandResult result) throws IOException {
        String base = "/api/dispatches/" + encode(dispatchId) + "/nodes/" + node.index() + "/";
        json.writeArrayFieldStart("files");
        for (Map.Entry<String, BlobRef> output : result.outputs().entrySet()) {
            entry(json, output.getKey(), output.getValue(), base + "files/" + encode(output.getKey()));
        }
        json.writeEndArray();
        json.writeArrayFieldStart("streams");
        entry(json, "stdout", result.stdoutRef(), base + "streams/stdout");
        entry(json, "stderr", result.stderrRef(), base + "streams/stderr");
        json.writeEndArray();
    }

    private static void entry(JsonGenerator json, String name, BlobRef ref, String href) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeNumberField("size", ref.size());
        json.writeStringField("href", href);
        json.writeEndObject();
    }

    /**
     * Answers a download: the file's bytes, streamed from the store, as an attachment.
     *
     * @param kind {@code files} or {@code streams}
     * @param name the output file's name, or {@code stdout} / {@code stderr}
     */
    static void serve(HttpExchange exchange, NodeResult node, String kind, String name) throws IOException {
        Optional<CommandResult> result = of(node);
        if (result.isEmpty()) {
            Answers.error(exchange, 404, "node " + node.name() + " has no command result: no files to download");
            return;
        }
        BlobRef ref;
        InputStream content;
        if (kind.equals("files")) {
            if (!result.get().hasOutput(name)) {
                Answers.error(
                        exchange,
                        404,
                        "node " + node.name() + " has no output file '" + name + "'; it has "
                                + result.get().outputNames());
                return;
            }
            ref = result.get().outputRef(name);
            content = result.get().openOutputFile(name);
        } else if (name.equals("stdout")) {
            ref = result.get().stdoutRef();
            content = result.get().stdoutStream();
        } else if (name.equals("stderr")) {
            ref = result.get().stderrRef();
            content = result.get().stderrStream();
        } else {
            Answers.error(exchange, 404, "a command has the streams stdout and stderr, not '" + name + "'");
            return;
        }
        try (content) {
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            // RFC 6266: the UTF-8 form for any name, an ASCII fallback for old clients.
            exchange.getResponseHeaders()
                    .set(
                            "Content-Disposition",
                            "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9._-]", "_")
                                    + "\"; filename*=UTF-8''" + encode(name));
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : (ref.size() == 0 ? -1 : ref.size()));
            if (!head && ref.size() > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    content.transferTo(out);
                }
            }
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
