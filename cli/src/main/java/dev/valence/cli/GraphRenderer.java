package dev.valence.cli;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.spi.store.NodeRecord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a dispatch's graph: one vertex per node with its status, one edge from each argument's
 * node to the node it feeds, labelled with the argument's position when a node has several.
 */
final class GraphRenderer {
    /** Fill colours by status, shared by DOT and Mermaid so both read the same. */
    private static final Map<NodeStatus, String> COLOURS = new EnumMap<>(Map.of(
            NodeStatus.PENDING, "#eeeeee",
            NodeStatus.RUNNING, "#fff2a8",
            NodeStatus.COMPLETED, "#b7e4c7",
            NodeStatus.REUSED, "#a9d6e5",
            NodeStatus.FAILED, "#f4a6a6",
            NodeStatus.CANCELLED, "#d9d9d9"));

    private final String dispatchId;
    private final List<NodeRecord> nodes;

    GraphRenderer(String dispatchId, List<NodeRecord> nodes) {
        this.dispatchId = dispatchId;
        this.nodes = nodes;
    }

    String render(GraphFormat format) {
        return switch (format) {
            case DOT -> dot();
            case MERMAID -> mermaid();
            case JSON -> throw new IllegalArgumentException("JSON is a document; use document()");
        };
    }

    private String dot() {
        StringBuilder out = new StringBuilder("digraph \"" + escape(dispatchId) + "\" {\n");
        out.append("  rankdir=LR;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
        for (NodeRecord node : nodes) {
            out.append(String.format(
                    Locale.ROOT,
                    "  n%d [label=\"%s\\n%s\", fillcolor=\"%s\"%s];%n",
                    node.index(),
                    escape(node.name()),
                    node.status(),
                    COLOURS.get(node.status()),
                    node.kind() == NodeKind.ELECTRON ? "" : ", shape=ellipse"));
        }
        for (NodeRecord node : nodes) {
            List<Integer> arguments = node.arguments();
            for (int position = 0; position < arguments.size(); position++) {
                out.append(String.format(
                        Locale.ROOT,
                        "  n%d -> n%d%s;%n",
                        arguments.get(position),
                        node.index(),
                        arguments.size() > 1 ? " [label=\"" + (position + 1) + "\"]" : ""));
            }
        }
        return out.append("}\n").toString();
    }

    private String mermaid() {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (NodeRecord node : nodes) {
            out.append(String.format(
                    Locale.ROOT,
                    "  n%d[\"%s<br/>%s\"]:::%s%n",
                    node.index(),
                    node.name().replace("\"", "#quot;"),
                    node.status(),
                    node.status().name().toLowerCase(Locale.ROOT)));
        }
        for (NodeRecord node : nodes) {
            List<Integer> arguments = node.arguments();
            for (int position = 0; position < arguments.size(); position++) {
                out.append(String.format(
                        Locale.ROOT,
                        "  n%d -->%s n%d%n",
                        arguments.get(position),
                        arguments.size() > 1 ? "|" + (position + 1) + "|" : "",
                        node.index()));
            }
        }
        for (Map.Entry<NodeStatus, String> colour : COLOURS.entrySet()) {
            out.append("  classDef ")
                    .append(colour.getKey().name().toLowerCase(Locale.ROOT))
                    .append(" fill:")
                    .append(colour.getValue())
                    .append('\n');
        }
        return out.toString();
    }

    Map<String, Object> document(DispatchResult<Object> dispatch) {
        Map<String, Object> document = Json.object();
        document.put("dispatch", dispatch.id());
        document.put("lattice", dispatch.lattice());
        document.put("status", dispatch.status().name());
        List<Map<String, Object>> vertices = new ArrayList<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        for (NodeRecord node : nodes) {
            Map<String, Object> vertex = Json.object();
            vertex.put("index", node.index());
            vertex.put("name", node.name());
            vertex.put("kind", node.kind().name());
            vertex.put("status", node.status().name());
            vertices.add(vertex);
            for (int position = 0; position < node.arguments().size(); position++) {
                Map<String, Object> edge = Json.object();
                edge.put("from", node.arguments().get(position));
                edge.put("to", node.index());
                edge.put("position", position + 1);
                edges.add(edge);
            }
        }
        document.put("nodes", vertices);
        document.put("edges", edges);
        return document;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
