package dev.valence.runtime;

import dev.valence.runtime.internal.engine.CodeParts;
import dev.valence.runtime.spi.store.DispatchLog;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.ValueStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/** Builds {@link Explanation}s from what the store recorded about two dispatches. */
final class Explainer {
    private final DispatchLog store;
    private final ValueStore values;

    Explainer(DispatchLog store, ValueStore values) {
        this.store = store;
        this.values = values;
    }

    Explanation explain(String dispatchId, String nodeName, String comparedWith) {
        List<NodeRecord> nodes = nodes(dispatchId);
        NodeRecord node = find(nodes, nodeName, dispatchId);
        List<Explanation.Argument> arguments = arguments(nodes, node);
        List<String> differences = new ArrayList<>();
        if (comparedWith != null) {
            differences.addAll(differences(node, nodes, arguments, nodes(comparedWith), comparedWith));
        }
        return new Explanation(
                dispatchId,
                node.name(),
                node.status(),
                reason(node),
                node.cacheKey(),
                node.electronId(),
                node.codeFingerprint(),
                node.version(),
                arguments,
                Optional.ofNullable(node.reusedFromDispatch()),
                comparedWith,
                differences);
    }

    /** What the store says, or for an input or constant, which are given and never decided, what they are. */
    private static String reason(NodeRecord node) {
        if (node.kind() == NodeKind.INPUT) {
            return "given: an input of the dispatch; it has no cache key, and its value fingerprint keys its dependants";
        }
        if (node.kind() == NodeKind.CONSTANT) {
            return "given: a value the lattice body computed while building the graph; it has no cache key, and its"
                    + " value fingerprint keys its dependants";
        }
        return node.reason() == null ? "no decision recorded yet" : node.reason();
    }

    private List<NodeRecord> nodes(String dispatchId) {
        if (store.dispatch(dispatchId).isEmpty()) {
            throw new ValenceException(
                    "no dispatch with id " + dispatchId + " in this store; valence.dispatches() lists the stored ones");
        }
        return store.nodes(dispatchId);
    }

    private static NodeRecord find(List<NodeRecord> nodes, String name, String dispatchId) {
        for (NodeRecord node : nodes) {
            if (node.name().equals(name)) {
                return node;
            }
        }
        List<String> names = nodes.stream().map(NodeRecord::name).toList();
        throw new ValenceException(
                "dispatch " + dispatchId + " has no node named '" + name + "'; its nodes are " + names);
    }

    private static List<Explanation.Argument> arguments(List<NodeRecord> nodes, NodeRecord node) {
        List<Explanation.Argument> arguments = new ArrayList<>();
        for (int i = 0; i < node.arguments().size(); i++) {
            NodeRecord source = nodes.get(node.arguments().get(i));
            arguments.add(new Explanation.Argument(i + 1, source.name(), source.valueFingerprint()));
        }
        return arguments;
    }

    private List<String> differences(
            NodeRecord node,
            List<NodeRecord> nodes,
            List<Explanation.Argument> arguments,
            List<NodeRecord> others,
            String otherId) {
        NodeRecord other = others.stream()
                .filter(candidate -> candidate.name().equals(node.name()))
                .findFirst()
                .orElse(null);
        List<String> differences = new ArrayList<>();
        if (other == null) {
            differences.add("dispatch " + otherId + " has no node named " + node.name());
            return differences;
        }
        if (node.kind() == NodeKind.INPUT || node.kind() == NodeKind.CONSTANT) {
            compare(differences, "value", other.valueFingerprint(), node.valueFingerprint());
            return differences;
        }
        compare(differences, "electron", other.electronId(), node.electronId());
        compare(differences, "code fingerprint", other.codeFingerprint(), node.codeFingerprint());
        if (!Objects.equals(other.codeFingerprint(), node.codeFingerprint())) {
            codeParts(differences, other.codeFingerprint(), node.codeFingerprint());
        }
        compare(differences, "version", other.version(), node.version());
        List<Explanation.Argument> otherArguments = arguments(others, other);
        if (otherArguments.size() != arguments.size()) {
            differences.add("argument count changed: " + otherArguments.size() + " -> " + arguments.size());
            return differences;
        }
        for (int i = 0; i < arguments.size(); i++) {
            Explanation.Argument now = arguments.get(i);
            Explanation.Argument then = otherArguments.get(i);
            if (!Objects.equals(now.fingerprint(), then.fingerprint())) {
                differences.add("argument " + now.position() + " (from " + now.from() + ") changed: "
                        + shorten(then.fingerprint()) + " -> " + shorten(now.fingerprint()) + "; "
                        + why(nodes.get(node.arguments().get(i))));
            }
        }
        return differences;
    }

    /** Names the parts of the code that changed, where the store kept both fingerprints' parts. */
    private void codeParts(List<String> differences, String then, String now) {
        Optional<SortedMap<String, String>> before = CodeParts.read(values, then);
        Optional<SortedMap<String, String>> after = CodeParts.read(values, now);
        if (before.isPresent() && after.isPresent()) {
            CodeParts.differences(before.get(), after.get()).forEach(line -> differences.add("  " + line));
        }
    }

    /** Where to look next for an argument that changed: an electron explains itself; a given value does not. */
    private static String why(NodeRecord source) {
        if (source.kind() == NodeKind.INPUT) {
            return "the input " + source.name() + " was given another value";
        }
        if (source.kind() == NodeKind.CONSTANT) {
            return source.name() + " is a value the lattice body computed, and it computed another one";
        }
        return "explain node " + source.name() + " to see why";
    }

    private static void compare(List<String> differences, String what, String then, String now) {
        if (!Objects.equals(then, now)) {
            differences.add(what + " changed: " + shorten(then) + " -> " + shorten(now));
        }
    }

    private static String shorten(String fingerprint) {
        return fingerprint == null ? "none" : fingerprint.length() > 16 ? fingerprint.substring(0, 16) : fingerprint;
    }
}
