package dev.valence.processor.lattice;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.MethodInvocationTree;
import javax.lang.model.element.Element;

/**
 * Rule: while the graph is built, a list collecting electron outputs is only added to, set, read
 * by index, sized and tested for emptiness, and never replaced. It holds handles then, not values:
 * any other operation would need the values, and a replaced list would lose the handles.
 */
final class ResultListUseRule {
    private final RuleContext context;

    ResultListUseRule(RuleContext context) {
        this.context = context;
    }

    /** Reports any other method called on the list. */
    void reportOperation(MethodInvocationTree invocation, Element local, OutputHolder list) {
        context.error(
                invocation,
                "'" + local.getSimpleName() + "' collects the results of " + list.origin() + ", which are only known"
                        + " when the graph runs; while the graph is built only add, set, get, size and"
                        + " isEmpty work on it: pass the list to an electron that does the rest");
    }

    /** Reports an assignment to the list. */
    void reportReplaced(AssignmentTree assignment, Element local) {
        context.error(
                assignment,
                "'" + local.getSimpleName() + "' collects electron results and cannot be replaced while"
                        + " the graph is built; declare another list");
    }
}
