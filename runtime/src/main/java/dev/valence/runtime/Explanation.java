package dev.valence.runtime;

import java.util.List;
import java.util.Optional;

/**
 * Why one node of a dispatch ran or was reused, with the parts of its cache key, and, when compared
 * with an earlier dispatch, which of those parts changed. Made by {@link Valence#explain}; this is
 * what a user reads to debug a cache miss.
 *
 * @param dispatchId the dispatch
 * @param node the node's name
 * @param status the node's status
 * @param reason why it ran, was reused, failed or was cancelled, in words
 * @param cacheKey the node's cache key, or null if it never got one (cancelled before its arguments)
 * @param electronId the id of the electron that ran
 * @param codeFingerprint the electron's code fingerprint
 * @param version the electron's version
 * @param arguments the argument fingerprints that entered the key, in order
 * @param reusedFrom for a reused node, the dispatch that computed its value
 * @param comparedWith the dispatch compared with, or null
 * @param differences what differs from the node of the same name in {@code comparedWith}; empty
 *     when nothing was compared or nothing differs
 */
public record Explanation(
        String dispatchId,
        String node,
        NodeStatus status,
        String reason,
        String cacheKey,
        String electronId,
        String codeFingerprint,
        String version,
        List<Argument> arguments,
        Optional<String> reusedFrom,
        String comparedWith,
        List<String> differences) {

    /**
     *
     * Copies the lists: the record is immutable.
     *
     *
     *
     * @param dispatchId the dispatch
     *
     * @param node the node's name
     *
     * @param status the node's status
     *
     * @param reason why it ran, was reused, failed or was cancelled, in words
     *
     * @param cacheKey the node's cache key, or null if it never got one (cancelled before its arguments)
     *
     * @param electronId the id of the electron that ran
     *
     * @param codeFingerprint the electron's code fingerprint
     *
     * @param version the electron's version
     *
     * @param arguments the argument fingerprints that entered the key, in order
     *
     * @param reusedFrom for a reused node, the dispatch that computed its value
     *
     * @param comparedWith the dispatch compared with, or null
     *
     * @param differences what differs from the node of the same name in {@code comparedWith}; empty when nothing was compared or nothing differs
     *
     */
    public Explanation {
        arguments = List.copyOf(arguments);
        differences = List.copyOf(differences);
    }

    /**
     * One argument's contribution to the key.
     *
     * @param position the argument's position, from 1
     * @param from the name of the node that provides it (an input, a constant or an electron)
     * @param fingerprint the content fingerprint of its value
     */
    public record Argument(int position, String from, String fingerprint) {}

    /** @return a readable, multi-line report */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder()
                .append("node ")
                .append(node)
                .append(" of dispatch ")
                .append(dispatchId)
                .append(": ")
                .append(status)
                .append('\n')
                .append("  ")
                .append(reason)
                .append('\n');
        if (cacheKey != null) {
            out.append("  key ").append(cacheKey).append('\n');
            out.append("    electron ").append(electronId).append('\n');
            out.append("    code ")
                    .append(codeFingerprint)
                    .append(", version '")
                    .append(version)
                    .append("'\n");
            for (Argument argument : arguments) {
                out.append("    argument ")
                        .append(argument.position())
                        .append(" from ")
                        .append(argument.from())
                        .append(": ")
                        .append(argument.fingerprint())
                        .append('\n');
            }
        }
        if (comparedWith != null) {
            out.append("  compared with dispatch ")
                    .append(comparedWith)
                    .append(':')
                    .append('\n');
            if (differences.isEmpty()) {
                out.append("    the same key\n");
            }
            differences.forEach(
                    difference -> out.append("    ").append(difference).append('\n'));
        }
        return out.toString();
    }
}
