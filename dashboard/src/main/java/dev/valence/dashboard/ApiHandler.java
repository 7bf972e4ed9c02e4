package dev.valence.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON API under {@code /api/}: the dispatch list, one dispatch, one node, a dispatch's live
 * events, and the two writes, cancel and delete.
 */
final class ApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

    private final Valence valence;
    private final Access access;
    private final DispatchListing listing;
    private final Results results;
    private final LiveFeeds feeds;
    private final boolean graph;

    ApiHandler(Valence valence, Access access, LiveFeeds feeds, boolean graph) {
        this.valence = valence;
        this.access = access;
        this.listing = new DispatchListing(valence);
        this.results = new Results(valence);
        this.feeds = feeds;
        this.graph = graph;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        } catch (IOException e) {
            LOG.debug("answering {} failed: {}", exchange.getRequestURI(), e.toString());
        } catch (RuntimeException e) {
            LOG.warn("answering {} failed", exchange.getRequestURI(), e);
            Answers.error(exchange, 500, e.toString());
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        boolean write = !method.equals("GET") && !method.equals("HEAD");
        String refused = write ? access.refuseWrite(exchange) : access.refuseRead(exchange);
        if (refused != null) {
            Answers.error(exchange, 403, refused);
            return;
        }
        List<String> path = Paths.segments(exchange.getRequestURI().getRawPath());
        // path starts with "api"
        if (path.size() == 2 && path.get(1).equals("info") && !write) {
            info(exchange);
        } else if (path.size() == 2 && path.get(1).equals("dispatches") && !write) {
            Query query = Query.of(exchange);
            Answers.json(exchange, 200, json -> listing.write(json, query));
        } else if (path.size() >= 3 && path.get(1).equals("dispatches")) {
            dispatch(exchange, method, path.get(2), path.subList(3, path.size()));
        } else {
            Answers.error(
                    exchange,
                    404,
                    "no such API: " + method + " " + exchange.getRequestURI().getPath());
        }
    }

    private void info(HttpExchange exchange) throws IOException {
        Answers.json(exchange, 200, json -> {
            json.writeStartObject();
            json.writeBooleanField("graph", graph);
            json.writeBooleanField("loopback", access.loopback());
            json.writeNumberField("pollMillis", LiveFeeds.PERIOD.toMillis());
            json.writeEndObject();
        });
    }

    private void dispatch(HttpExchange exchange, String method, String id, List<String> rest) throws IOException {
        if (rest.isEmpty() && method.equals("GET")) {
            Optional<DispatchResult<Object>> result = results.get(id);
            if (result.isEmpty()) {
                Answers.error(exchange, 404, "no dispatch " + id);
            } else {
                Answers.json(exchange, 200, json -> DispatchView.write(json, result.get()));
            }
        } else if (rest.isEmpty() && method.equals("DELETE")) {
            delete(exchange, id);
        } else if (rest.size() == 1 && rest.get(0).equals("cancel") && method.equals("POST")) {
            cancel(exchange, id);
        } else if (rest.size() == 1 && rest.get(0).equals("events") && method.equals("GET")) {
            feeds.serve(exchange, id);
        } else if (rest.size() == 2 && rest.get(0).equals("nodes") && method.equals("GET")) {
            node(exchange, id, rest.get(1), null, null);
        } else if (rest.size() == 4
                && rest.get(0).equals("nodes")
                && (rest.get(2).equals("files") || rest.get(2).equals("streams"))
                && (method.equals("GET") || method.equals("HEAD"))) {
            node(exchange, id, rest.get(1), rest.get(2), rest.get(3));
        } else {
            Answers.error(
                    exchange,
                    404,
                    "no such API: " + method + " " + exchange.getRequestURI().getPath());
        }
    }

    /** Answers a node's details, or, with a kind and a name, one of its command's files. */
    private void node(HttpExchange exchange, String id, String indexText, String kind, String name) throws IOException {
        Optional<DispatchResult<Object>> result = results.get(id);
        if (result.isEmpty()) {
            Answers.error(exchange, 404, "no dispatch " + id);
            return;
        }
        int index;
        try {
            index = Integer.parseInt(indexText);
        } catch (NumberFormatException e) {
            Answers.error(exchange, 400, "a node is named by its index, not '" + indexText + "'");
            return;
        }
        List<NodeResult> nodes = result.get().nodes();
        if (index < 0 || index >= nodes.size()) {
            Answers.error(exchange, 404, "dispatch " + id + " has no node " + index);
            return;
        }
        if (kind != null) {
            CommandFiles.serve(exchange, nodes.get(index), kind, name);
        } else {
            Answers.json(exchange, 200, json -> NodeDetails.write(json, result.get(), nodes.get(index)));
        }
    }

    private void cancel(HttpExchange exchange, String id) throws IOException {
        boolean cancelled;
        try {
            cancelled = valence.cancel(id);
        } catch (ValenceException e) {
            Answers.error(exchange, 404, e.getMessage());
            return;
        }
        LOG.info("dispatch {} cancel requested from the dashboard: {}", id, cancelled ? "cancelled" : "had ended");
        Answers.json(exchange, 200, json -> {
            json.writeStartObject();
            json.writeBooleanField("cancelled", cancelled);
            json.writeEndObject();
        });
    }

    private void delete(HttpExchange exchange, String id) throws IOException {
        Optional<DispatchResult<Object>> result = results.get(id);
        if (result.isEmpty()) {
            Answers.error(exchange, 404, "no dispatch " + id);
            return;
        }
        // Valence refuses a dispatch running in this instance; one running elsewhere shows as running in the store.
        if (!result.get().status().isFinal()) {
            Answers.error(exchange, 409, "dispatch " + id + " is running; cancel it and wait for its end first");
            return;
        }
        boolean deleted;
        try {
            deleted = valence.deleteDispatch(id);
        } catch (ValenceException e) {
            Answers.error(exchange, 409, e.getMessage());
            return;
        }
        listing.forget(id);
        results.forget(id);
        LOG.info("dispatch {} deleted from the dashboard", id);
        Answers.json(exchange, 200, json -> {
            json.writeStartObject();
            json.writeBooleanField("deleted", deleted);
            json.writeEndObject();
        });
    }
}
