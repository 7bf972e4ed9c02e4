package dev.valence.processor.lattice;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeMirror;

/**
 * Rule: an electron output is used only where the graph takes it: as an argument of an electron or
 * lattice call, inside a collection literal passed to one, in a local or list holding outputs, or as
 * the lattice's result. Anywhere else (a condition, a loop bound, arithmetic, a method call, a field
 * ...) the value is needed while the graph is built, when it does not exist yet. The message names
 * the use and the way out, since the fix depends on it.
 */
final class OutputUseRule {
    static final String FIX_DECIDE = "move the decision into an electron, or pass the result to a lattice,"
            + " which then runs as a dynamic sublattice and can decide with the value";
    static final String FIX_COMPUTE = "do this inside an electron that takes the result as a parameter";
    private static final Set<String> COLLECTING = Set.of("add", "put", "set", "offer", "push", "addAll", "putAll");

    private final RuleContext context;

    /** What an output would be used for, as in "cannot <what>", and how to do it instead. */
    private record Use(String what, String fix) {}

    OutputUseRule(RuleContext context) {
        this.context = context;
    }

    /** Reports an electron output used, outside lambdas, where the graph needs a plain value. */
    void report(TreePath path) {
        Tree tree = path.getLeaf();
        String origin = context.body().flow().origin(path);
        String decision = decision(path);
        if (decision != null) {
            context.error(
                    tree,
                    "the result of " + origin + " is only known when the graph runs, so it cannot " + decision
                            + " while the graph is built (the graph's shape may depend on inputs only): "
                            + FIX_DECIDE);
            return;
        }
        TreePath parentPath = path.getParentPath();
        while (parentPath.getLeaf() instanceof ParenthesizedTree) {
            parentPath = parentPath.getParentPath();
        }
        Use use = use(parentPath);
        context.error(
                tree,
                "the result of " + origin + " is only known when the graph runs, so it cannot " + use.what()
                        + " while the graph is built: " + use.fix());
    }

    /**
     * Whether an expression is part of what decides the graph's shape: the condition of an if, a
     * loop or a conditional, a loop's bound, a switch's selector.
     *
     * @return what it would decide, or null
     */
    private static String decision(TreePath path) {
        for (TreePath at = path; at.getParentPath() != null; at = at.getParentPath()) {
            Tree child = at.getLeaf();
            Tree parent = at.getParentPath().getLeaf();
            if (parent instanceof IfTree tree && tree.getCondition() == child
                    || parent instanceof WhileLoopTree loop && loop.getCondition() == child
                    || parent instanceof DoWhileLoopTree doLoop && doLoop.getCondition() == child
                    || parent instanceof ConditionalExpressionTree conditional && conditional.getCondition() == child) {
                return "decide a condition";
            }
            if (parent instanceof ForLoopTree loop && loop.getCondition() == child) {
                return "bound a loop";
            }
            if (parent instanceof SwitchTree selector && selector.getExpression() == child) {
                return "select a switch case";
            }
            if (parent instanceof SwitchExpressionTree selector && selector.getExpression() == child) {
                return "select a switch case";
            }
            if (parent instanceof StatementTree
                    || parent instanceof LambdaExpressionTree
                    || parent instanceof ClassTree) {
                return null;
            }
        }
        return null;
    }

    /**
     * What the output would be used for, and the fix for that use.
     *
     * @param parentPath the tree the output is part of, parentheses aside
     * @return the use ("be used in arithmetic") and the fix
     */
    private Use use(TreePath parentPath) {
        Tree parent = parentPath.getLeaf();
        switch (parent.getKind()) {
            case IF:
            case WHILE_LOOP:
            case DO_WHILE_LOOP:
            case CONDITIONAL_EXPRESSION:
            case ASSERT:
                return new Use("decide a condition", FIX_DECIDE);
            case FOR_LOOP:
                return new Use("bound a loop", FIX_DECIDE);
            case ENHANCED_FOR_LOOP:
                return new Use(
                        "be looped over (the number of nodes would depend on it)",
                        "pass it to an electron that loops, or to a lattice, which then runs as a dynamic"
                                + " sublattice and can loop over the value");
            case SWITCH:
                return new Use("select a switch case", FIX_DECIDE);
            case MEMBER_SELECT: {
                String member = ((MemberSelectTree) parent).getIdentifier().toString();
                Tree grandParent = parentPath.getParentPath().getLeaf();
                boolean called = grandParent instanceof MethodInvocationTree invocation
                        && invocation.getMethodSelect() == parent;
                return new Use(
                        called ? "have its method '" + member + "' called" : "have its field '" + member + "' read",
                        FIX_COMPUTE);
            }
            case METHOD_INVOCATION:
                return passedTo(parentPath);
            case NEW_CLASS:
                return new Use("be passed to a constructor", FIX_COMPUTE);
            case ASSIGNMENT:
                return assignedTo(parentPath);
            case ARRAY_ACCESS:
                return new Use("index an array or be indexed", FIX_COMPUTE);
            case TYPE_CAST:
                return new Use(
                        "be converted with a cast",
                        "give the electron the return type you need, or convert inside an electron");
            case INSTANCE_OF:
                return new Use("be tested with instanceof", FIX_DECIDE);
            case PLUS: {
                TypeMirror type = context.typeOf(parentPath);
                return new Use(
                        type != null && type.toString().equals("java.lang.String")
                                ? "be concatenated into a string"
                                : "be used in arithmetic",
                        FIX_COMPUTE);
            }
            default:
                if (parent instanceof CompoundAssignmentTree
                        || parent instanceof UnaryTree
                        || parent instanceof BinaryTree) {
                    return new Use("be used in arithmetic or a comparison", FIX_COMPUTE);
                }
                if (parent.getKind().name().startsWith("SWITCH")) {
                    return new Use("select a switch case", FIX_DECIDE);
                }
                return new Use("be used here", FIX_COMPUTE);
        }
    }

    /** An output passed to a method that is not an electron, or collected in something not a result list. */
    private Use passedTo(TreePath invocationPath) {
        MethodInvocationTree invocation = (MethodInvocationTree) invocationPath.getLeaf();
        String method = BodyTrees.methodName(invocation);
        Element receiver = context.body().flow().receiverLocal(invocationPath);
        if (receiver != null && COLLECTING.contains(method)) {
            return new Use(
                    "be collected in '" + receiver.getSimpleName() + "'",
                    "collect electron results in a List local ('List<T> results = new ArrayList<>();' and"
                            + " 'results.add(...)'), or pass a literal such as Map.of(\"key\", result) to an electron");
        }
        return new Use(
                "be passed to '" + method + "', which is not an @Electron",
                "mark '" + method + "' @Electron, or pass the result to an electron that calls it");
    }

    /** An output assigned to an array element or a field (other assignments are the graph's). */
    private Use assignedTo(TreePath assignmentPath) {
        Tree target = ((AssignmentTree) assignmentPath.getLeaf()).getVariable();
        Element element = context.body().element(new TreePath(assignmentPath, target));
        if (target.getKind() == Tree.Kind.ARRAY_ACCESS) {
            return new Use(
                    "be stored in an array",
                    "collect electron results in a List local ('List<T> results = new ArrayList<>();')");
        }
        if (element != null && element.getKind() == ElementKind.FIELD) {
            return new Use(
                    "be stored in field '" + element.getSimpleName() + "'",
                    "keep it in a local of the lattice, or return it");
        }
        return new Use("be used here", FIX_COMPUTE);
    }
}
