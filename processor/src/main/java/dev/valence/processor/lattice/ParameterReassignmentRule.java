package dev.valence.processor.lattice;

import com.sun.source.tree.Tree;
import javax.lang.model.element.Element;

/**
 * Rule: a lattice's parameters are not assigned. They are the graph's inputs, which the builder
 * passes on as handles, so a new value for one would not reach the nodes that use it.
 */
final class ParameterReassignmentRule {
    private final RuleContext context;

    ParameterReassignmentRule(RuleContext context) {
        this.context = context;
    }

    /**
     * @param tree an assignment, compound assignment, increment or decrement
     * @param target what it assigns
     * @return whether the target is not a lattice parameter; false when reported
     */
    boolean check(Tree tree, Element target) {
        if (!context.body().isLatticeParameter(target)) {
            return true;
        }
        context.error(
                tree,
                "parameter '" + target.getSimpleName() + "' is an input of the graph and cannot be reassigned in"
                        + " a lattice: declare a local for the new value, as in 'int next = "
                        + target.getSimpleName() + " + 1;'");
        return false;
    }
}
