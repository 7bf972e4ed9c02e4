package dev.valence.processor.lattice;

import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import javax.lang.model.element.ExecutableElement;

/**
 * Rule: electron and lattice calls, and electron outputs, stay out of lambdas and anonymous
 * classes. Their code runs later or never, not while the graph is built, so a call there would not
 * become a node and an output captured there does not exist yet.
 */
final class LambdaRule {
    private final RuleContext context;

    LambdaRule(RuleContext context) {
        this.context = context;
    }

    /** Reports a call or an electron output found inside a lambda or an anonymous class. */
    void report(TreePath path) {
        Tree tree = path.getLeaf();
        String origin = context.body().flow().origin(path);
        if (tree instanceof MethodInvocationTree && context.body().element(path) instanceof ExecutableElement method) {
            context.error(
                    tree,
                    "calls of " + origin + " inside a lambda or an anonymous class do not become nodes of the"
                            + " graph: call '" + method.getSimpleName() + "' in the lattice body itself (a for"
                            + " loop instead of forEach or a stream)");
        } else {
            context.error(
                    tree,
                    "the result of " + origin
                            + " is only known when the graph runs, so it cannot be captured by"
                            + " a lambda or an anonymous class while the graph is built: "
                            + OutputUseRule.FIX_COMPUTE);
        }
    }
}
