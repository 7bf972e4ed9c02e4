package dev.valence.processor.lattice;

import com.sun.source.tree.Tree;

/**
 * Rule: {@code null} is never passed to the graph. Graph values are stored, hashed and handed over
 * as real values; a missing one is the electron's case to handle.
 */
final class NullValueRule {
    private final RuleContext context;

    NullValueRule(RuleContext context) {
        this.context = context;
    }

    /**
     * @param tree a plain value passed to the graph
     * @param role what it is passed as, for the message
     * @return whether it is not the null literal; false when reported
     */
    boolean check(Tree tree, String role) {
        if (tree.getKind() != Tree.Kind.NULL_LITERAL) {
            return true;
        }
        context.error(
                tree,
                "null cannot be " + role + ": graph values are never null; pass a real value, or let an"
                        + " electron handle the missing case");
        return false;
    }
}
