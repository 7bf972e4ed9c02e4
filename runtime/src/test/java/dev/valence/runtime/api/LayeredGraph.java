package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;

import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A layered graph of exactly {@code width * depth} electron nodes: node {@code (l, i)} takes nodes {@code
 * (l-1, i)} and {@code (l-1, (i+1) % width)} of the layer above and its own index as a constant;
 * layer 0 takes input {@code p_i} twice. Every call counts its runs by node index, so a test can
 * compare exactly which nodes ran with the set that depends on a changed input.
 */
final class LayeredGraph {
    final int width;
    final int depth;
    final ConcurrentMap<Integer, AtomicInteger> runsByNode = new ConcurrentHashMap<>();
    final ElectronRef<Integer> combine;
    final LatticeRef<Integer> lattice;

    LayeredGraph(int width, int depth) {
        this.width = width;
        this.depth = depth;
        this.combine = Fixtures.<Integer>electron("combine_" + width + "x" + depth)
                .parameter("left", INT)
                .parameter("right", INT)
                .parameter("node", INT)
                .returns(INT)
                .build(args -> {
                    int node = (Integer) args[2];
                    runsByNode.computeIfAbsent(node, key -> new AtomicInteger()).incrementAndGet();
                    return (Integer) args[0] + (Integer) args[1] + node;
                });
        String[] inputs = new String[width];
        java.util.Arrays.fill(inputs, INT);
        this.lattice = Fixtures.lattice("layered_" + width + "x" + depth, INT, this::build, inputs);
    }

    private Handle<Integer> build(Graph.Builder graph, List<Handle<Object>> in) {
        List<Handle<Integer>> above = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            above.add(graph.call(combine, in.get(i), in.get(i), graph.constant(i, INT)));
        }
        for (int layer = 1; layer < depth; layer++) {
            List<Handle<Integer>> current = new ArrayList<>();
            for (int i = 0; i < width; i++) {
                Handle<Integer> index = graph.constant(layer * width + i, INT);
                current.add(graph.call(combine, above.get(i), above.get((i + 1) % width), index));
            }
            above = current;
        }
        // The other nodes of the last layer stay in the graph as unused results: they still run.
        return above.get(0);
    }

    /** The node indexes (as counted) that depend, directly or not, on input {@code changed}. */
    Set<Integer> dependantsOfInput(int changed) {
        Set<Integer> affected = new HashSet<>();
        Set<Integer> layer = Set.of(changed);
        affected.addAll(layer);
        for (int l = 1; l < depth; l++) {
            Set<Integer> next = new HashSet<>();
            for (int i = 0; i < width; i++) {
                if (layer.contains(i) || layer.contains((i + 1) % width)) {
                    next.add(i);
                }
            }
            for (int i : next) {
                affected.add(l * width + i);
            }
            layer = next;
        }
        return affected;
    }

    Object[] inputs(int changedIndex, int changedValue) {
        Object[] values = new Object[width];
        for (int i = 0; i < width; i++) {
            values[i] = i == changedIndex ? changedValue : i;
        }
        return values;
    }

    int electronCount() {
        return width * depth;
    }

    Set<Integer> ran() {
        Set<Integer> ran = new HashSet<>();
        runsByNode.forEach((node, runs) -> {
            if (runs.get() > 0) {
                ran.add(node);
            }
        });
        return ran;
    }

    void resetCounts() {
        runsByNode.clear();
    }
}
