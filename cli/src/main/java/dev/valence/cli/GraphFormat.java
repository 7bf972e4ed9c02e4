package dev.valence.cli;

/** The formats of {@code valence graph}. */
public enum GraphFormat {
    /** Graphviz: {@code valence graph ID | dot -Tsvg > graph.svg}. */
    DOT,
    /** A Mermaid flowchart, which Markdown viewers draw. */
    MERMAID,
    /** Nodes and edges as JSON. */
    JSON
}
