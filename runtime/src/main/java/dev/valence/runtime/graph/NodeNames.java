package dev.valence.runtime.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names the nodes of a graph once it is built. A node is named after its electron or lattice. When
 * one is called several times, each call is told apart by its plain arguments: the constants it
 * takes by their values (a loop over {@code List.of("north", "south")} makes {@code
 * regionJob[north]} and {@code regionJob[south]}), the lattice's inputs by their parameters' names
 * ({@code scale[width]}, {@code scale[height]}), which stay the same when a redispatch changes
 * their values. So a node keeps its name when calls are added to or removed from a fan-out, and
 * {@code explain} compares the same region across two dispatches. Where plain arguments cannot tell the calls apart (none, a long or
 * structured value, the same values twice), those calls are numbered in order: the first keeps the
 * bare name, then {@code name#2}, {@code name#3}.
 */
final class NodeNames {
    /** A plain value longer than this is not a name: the call is numbered instead. */
    static final int LONGEST_VALUE = 32;

    private NodeNames() {}

    /** @return the nodes, renamed where a name is called more than once */
    static List<Node> apply(List<Node> nodes) {
        Map<String, List<Integer>> callsByName = new LinkedHashMap<>();
        for (Node node : nodes) {
            if (node instanceof Node.Call || node instanceof Node.Sublattice) {
                callsByName
                        .computeIfAbsent(node.name(), name -> new ArrayList<>())
                        .add(node.index());
            }
        }
        List<Node> named = new ArrayList<>(nodes);
        Set<String> taken = new HashSet<>();
        for (Node node : nodes) {
            taken.add(node.name());
        }
        for (Map.Entry<String, List<Integer>> calls : callsByName.entrySet()) {
            if (calls.getValue().size() > 1) {
                nameCalls(calls.getKey(), calls.getValue(), nodes, named, taken);
            }
        }
        return named;
    }

    private static void nameCalls(
            String base, List<Integer> calls, List<Node> nodes, List<Node> named, Set<String> taken) {
        Map<Integer, String> qualifiers = new HashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (int index : calls) {
            String qualifier = qualifier(nodes, nodes.get(index));
            if (qualifier != null) {
                qualifiers.put(index, qualifier);
                uses.merge(qualifier, 1, Integer::sum);
            }
        }
        int ordinal = 0;
        for (int index : calls) {
            ordinal++;
            String qualifier = qualifiers.get(index);
            String name = qualifier != null && uses.get(qualifier) == 1 && !taken.contains(base + "[" + qualifier + "]")
                    ? base + "[" + qualifier + "]"
                    : (ordinal == 1 ? base : base + "#" + ordinal);
            named.set(index, renamed(nodes.get(index), name));
        }
    }

    /** @return the call's plain arguments as text, or null when it has none that can name it */
    private static String qualifier(List<Node> nodes, Node call) {
        List<Integer> arguments = call instanceof Node.Call c ? c.arguments() : ((Node.Sublattice) call).arguments();
        List<String> parts = new ArrayList<>();
        for (int argument : arguments) {
            Node node = nodes.get(argument);
            if (node instanceof Node.Literal) {
                String text =
                        node instanceof Node.Input input ? text(input.name()) : text(((Node.Constant) node).value());
                if (text == null) {
                    return null; // a plain argument that cannot be written short: numbered instead
                }
                parts.add(text);
            }
        }
        return parts.isEmpty() ? null : String.join(",", parts);
    }

    /**
     * A value as it appears in a name: strings, numbers, booleans, characters and enum constants,
     * short, without the characters that paths and names use ({@code / [ ] # ,}) or control characters.
     */
    private static String text(Object value) {
        String text;
        if (value instanceof String string) {
            text = string;
        } else if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            text = String.valueOf(value);
        } else if (value instanceof Enum<?> constant) {
            text = constant.name();
        } else {
            return null;
        }
        if (text.isEmpty() || text.length() > LONGEST_VALUE || !text.strip().equals(text)) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/'
                    || c == '['
                    || c == ']'
                    || c == '#'
                    || c == ','
                    || Character.isISOControl(c)
                    || Character.isSurrogate(c)) {
                return null;
            }
        }
        return text;
    }

    private static Node renamed(Node node, String name) {
        if (node instanceof Node.Call call) {
            return new Node.Call(call.index(), name, call.type(), call.electron(), call.arguments());
        }
        Node.Sublattice sublattice = (Node.Sublattice) node;
        return new Node.Sublattice(
                sublattice.index(), name, sublattice.type(), sublattice.lattice(), sublattice.arguments());
    }
}
