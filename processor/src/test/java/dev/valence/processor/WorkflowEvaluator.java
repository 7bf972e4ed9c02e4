package dev.valence.processor;

import dev.valence.runtime.graph.Node;
import dev.valence.runtime.graph.Workflow;
import dev.valence.runtime.internal.graph.Invocations;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a workflow's graph in node order on the calling thread: enough to check that generated
 * graphs compute what the lattice computes, without the runtime's scheduler.
 */
final class WorkflowEvaluator {
    private WorkflowEvaluator() {}

    /**
     * @param workflow a workflow
     * @return the value of its output node
     */
    static Object evaluate(Workflow<?> workflow) {
        List<Node> nodes = workflow.graph().nodes();
        Object[] values = new Object[nodes.size()];
        for (Node node : nodes) {
            List<Object> arguments = new ArrayList<>();
            for (int argument : node.arguments()) {
                arguments.add(values[argument]);
            }
            if (node instanceof Node.Step step) {
                // A collection node carries a synthetic electron that assembles its value.
                try {
                    values[node.index()] = Invocations.invoke(step.electron(), arguments.toArray());
                } catch (Exception e) {
                    throw new AssertionError("node " + node.name() + " failed", e);
                }
            } else if (node instanceof Node.Sublattice sublattice) {
                values[node.index()] = evaluate(sublattice.lattice().workflow(arguments.toArray()));
            } else {
                values[node.index()] = ((Node.Literal) node).value();
            }
        }
        return values[workflow.output()];
    }

    /**
     * @param workflow a workflow
     * @return its nodes as {@code name:KIND}, in order
     */
    static List<String> nodes(Workflow<?> workflow) {
        List<String> nodes = new ArrayList<>();
        for (Node node : workflow.graph().nodes()) {
            nodes.add(node.name() + ":" + node.kind());
        }
        return nodes;
    }

    /**
     * @param workflow a workflow
     * @return the names of its nodes, in order
     */
    static List<String> nodeNames(Workflow<?> workflow) {
        List<String> names = new ArrayList<>();
        for (Node node : workflow.graph().nodes()) {
            names.add(node.name());
        }
        return names;
    }
}
