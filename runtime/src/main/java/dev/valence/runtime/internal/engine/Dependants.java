package dev.valence.runtime.internal.engine;

import dev.valence.runtime.graph.Node;
import java.util.List;

/** The reverse edges of a graph, as the scheduler walks them when a node ends. */
final class Dependants {
    private Dependants() {}

    /** For each node, the nodes that take it as an argument (once per occurrence). */
    static int[][] of(List<Node> nodes) {
        int[] counts = new int[nodes.size()];
        for (Node node : nodes) {
            for (int argument : node.arguments()) {
                counts[argument]++;
            }
        }
        int[][] dependants = new int[nodes.size()][];
        for (int i = 0; i < counts.length; i++) {
            dependants[i] = new int[counts[i]];
            counts[i] = 0;
        }
        for (Node node : nodes) {
            for (int argument : node.arguments()) {
                dependants[argument][counts[argument]++] = node.index();
            }
        }
        return dependants;
    }
}
