package dev.valence.cli;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/** A dispatch and its node table, as {@code show} prints it in text and in JSON. */
final class DispatchView {
    private DispatchView() {}

    /**
     * @param result the dispatch
     * @param all whether to list inputs and constants too, which never run and so say little
     * @return the header lines and the node table
     */
    static String text(DispatchResult<Object> result, boolean all) {
        StringBuilder out = new StringBuilder();
        out.append("dispatch ").append(result.id()).append('\n');
        line(out, "lattice", result.lattice() + " (" + result.latticeId() + ")");
        line(out, "status", result.status().name());
        line(out, "created", Text.time(result.createdAt()));
        line(out, "ended", Text.time(result.endedAt()));
        result.endedAt()
                .ifPresent(ended -> line(out, "took", Text.duration(Duration.between(result.createdAt(), ended))));
        line(out, "reuse", result.reuse());
        result.redispatchOf().ifPresent(id -> line(out, "redispatch of", id));
        result.parentId().ifPresent(id -> line(out, "parent", id));
        result.error().ifPresent(error -> line(out, "error", Main.oneLine(error)));
        for (NodeResult node : result.nodes()) {
            child(result, node).ifPresent(id -> line(out, "sublattice", node.name() + ": dispatch " + id));
        }
        out.append('\n');
        List<List<String>> rows = new ArrayList<>();
        for (NodeResult node : result.nodes()) {
            if (all || shown(node.kind())) {
                rows.add(List.of(
                        String.valueOf(node.index()),
                        node.name(),
                        node.status().name(),
                        String.valueOf(node.attempts()),
                        Text.time(node.startTime()),
                        Text.time(node.endTime()),
                        Text.duration(node.duration()),
                        node.reusedFrom().orElse("-"),
                        node.reason().map(Main::oneLine).orElse("-")));
            }
        }
        out.append(Text.table(
                List.of("#", "NODE", "STATUS", "ATTEMPTS", "STARTED", "ENDED", "DURATION", "REUSED FROM", "REASON"),
                rows));
        return out.toString();
    }

    /** The child dispatch a sublattice node ran, which {@code valence show} reads by its own id. */
    private static Optional<String> child(DispatchResult<Object> result, NodeResult node) {
        if (node.kind() != NodeKind.SUBLATTICE) {
            return Optional.empty();
        }
        try {
            return Optional.of(result.sublattice(node.name()).id());
        } catch (NoSuchElementException notStarted) {
            return Optional.empty();
        }
    }

    private static boolean shown(NodeKind kind) {
        return kind != NodeKind.INPUT && kind != NodeKind.CONSTANT;
    }

    private static void line(StringBuilder out, String label, String value) {
        out.append(String.format("  %-14s%s%n", label, value));
    }

    /** @return the dispatch with every node, inputs included: a script filters as it likes */
    static Map<String, Object> document(DispatchResult<Object> result) {
        Map<String, Object> document = Json.object();
        document.put("id", result.id());
        document.put("lattice", result.lattice());
        document.put("latticeId", result.latticeId());
        document.put("status", result.status().name());
        document.put("createdAt", Json.time(result.createdAt()));
        document.put("endedAt", Json.time(result.endedAt()));
        document.put("reuse", result.reuse());
        document.put("redispatchOf", result.redispatchOf().orElse(null));
        document.put("parentId", result.parentId().orElse(null));
        document.put("error", result.error().orElse(null));
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (NodeResult node : result.nodes()) {
            Map<String, Object> entry = Json.object();
            entry.put("index", node.index());
            entry.put("name", node.name());
            entry.put("kind", node.kind().name());
            entry.put("status", node.status().name());
            entry.put("attempts", node.attempts());
            entry.put("startedAt", Json.time(node.startTime()));
            entry.put("endedAt", Json.time(node.endTime()));
            entry.put("durationMillis", Json.millis(node.duration()));
            entry.put("reusedFrom", node.reusedFrom().orElse(null));
            entry.put("reason", node.reason().orElse(null));
            entry.put("electronId", node.electronId().orElse(null));
            entry.put("cacheKey", node.cacheKey().orElse(null));
            entry.put("error", node.error().orElse(null));
            entry.put("childDispatch", child(result, node).orElse(null));
            nodes.add(entry);
        }
        document.put("nodes", nodes);
        return document;
    }
}
