package dev.valence.processor.lattice;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Rule: an electron is called unqualified or through its class name, never through an expression.
 * The node refers to the electron by its class; an expression before the dot would be evaluated
 * for nothing (or hide a call the graph does not see).
 */
final class StaticElectronCallRule {
    private final RuleContext context;

    StaticElectronCallRule(RuleContext context) {
        this.context = context;
    }

    /**
     * @param path a call of an electron
     * @param method the electron
     * @return whether it is called as a node can be; false when reported
     */
    boolean check(TreePath path, ExecutableElement method) {
        MethodInvocationTree invocation = (MethodInvocationTree) path.getLeaf();
        ExpressionTree select = invocation.getMethodSelect();
        if (!(select instanceof MemberSelectTree member)
                || context.body().element(new TreePath(new TreePath(path, select), member.getExpression()))
                        instanceof TypeElement) {
            return true;
        }
        String name = method.getSimpleName().toString();
        context.error(
                invocation,
                "call electron '" + name + "' through its class name, as in "
                        + method.getEnclosingElement().getSimpleName() + "." + name + "(...)");
        return false;
    }
}
