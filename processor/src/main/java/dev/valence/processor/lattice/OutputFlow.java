package dev.valence.processor.lattice;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.valence.processor.common.GraphTypes;
import dev.valence.processor.common.ValenceAnnotations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Which locals and expressions of a lattice body carry electron outputs while the graph is built.
 *
 * <p>Found by data flow to a fixpoint: a local assigned an electron output, a list to which one is
 * added, the variable of a loop over such a list. An electron or lattice call, such a local, an
 * element read from such a list, and a collection literal or conditional with one inside are then
 * electron-valued. They stand for values that exist only when the graph runs, which is what the
 * rules restrict and what the lowering turns into handles.
 */
public final class OutputFlow {
    private static final Set<String> COLLECTION_FACTORIES = Set.of(
            "java.util.List#of",
            "java.util.Set#of",
            "java.util.Map#of",
            "java.util.Map#entry",
            "java.util.Map#ofEntries",
            "java.util.Arrays#asList");

    private final Trees trees;
    private final GraphTypes types;
    private final Map<Element, OutputHolder> locals = new HashMap<>();
    private final Map<Element, OutputHolder> lists = new HashMap<>();

    private OutputFlow(Trees trees, GraphTypes types) {
        this.trees = trees;
        this.types = types;
    }

    /** Runs the flow analysis over an attributed body. */
    static OutputFlow analyse(Trees trees, GraphTypes types, TreePath body) {
        OutputFlow flow = new OutputFlow(trees, types);
        flow.classify(body);
        return flow;
    }

    /**
     * @param element a local, or null
     * @return how it holds one electron output; null when it holds none
     */
    public OutputHolder local(Element element) {
        return locals.get(element);
    }

    /**
     * @param element a local, or null
     * @return how it collects electron outputs; null when it is not such a list
     */
    public OutputHolder list(Element element) {
        return lists.get(element);
    }

    /**
     * @param expression an expression
     * @return the list of electron outputs it names; null when it names none
     */
    public OutputHolder listNamed(TreePath expression) {
        return lists.get(named(expression));
    }

    /** What an expression refers to, as javac resolved it; null when unresolved. */
    private Element element(TreePath path) {
        return trees.getElement(path);
    }

    /**
     * @param path an expression
     * @return what it refers to when it is a plain name (parentheses aside); null otherwise
     */
    public Element named(TreePath path) {
        TreePath unwrapped = BodyTrees.unwrap(path);
        return unwrapped.getLeaf() instanceof IdentifierTree ? element(unwrapped) : null;
    }

    /**
     * @param path an expression
     * @return whether it is an electron output (or a collection of them) while the graph is built
     */
    public boolean electronValued(TreePath path) {
        path = BodyTrees.unwrap(path);
        Tree tree = path.getLeaf();
        switch (tree.getKind()) {
            case IDENTIFIER: {
                Element element = element(path);
                return element != null && (locals.containsKey(element) || lists.containsKey(element));
            }
            case METHOD_INVOCATION: {
                if (!(element(path) instanceof ExecutableElement method)) {
                    return false;
                }
                if (ValenceAnnotations.isElectron(method)) {
                    return method.getReturnType().getKind() != TypeKind.VOID;
                }
                if (ValenceAnnotations.isLattice(method)) {
                    return true;
                }
                if ("get".equals(method.getSimpleName().toString()) && lists.containsKey(receiverLocal(path))) {
                    return true;
                }
                return isCollectionFactory(method) && anyElectronValued(path, BodyTrees.literalElements(tree));
            }
            case NEW_ARRAY: {
                List<? extends ExpressionTree> initializers = ((NewArrayTree) tree).getInitializers();
                return initializers != null && anyElectronValued(path, initializers);
            }
            case CONDITIONAL_EXPRESSION: {
                ConditionalExpressionTree conditional = (ConditionalExpressionTree) tree;
                return electronValued(new TreePath(path, conditional.getTrueExpression()))
                        || electronValued(new TreePath(path, conditional.getFalseExpression()));
            }
            default:
                return false;
        }
    }

    /**
     * @param invocation a call of a lattice
     * @return whether an electron output is among its arguments, which makes it a dynamic
     *     sublattice rather than an expansion
     */
    public boolean passesOutputs(TreePath invocation) {
        return anyElectronValued(invocation, ((MethodInvocationTree) invocation.getLeaf()).getArguments());
    }

    private boolean anyElectronValued(TreePath parent, List<? extends ExpressionTree> children) {
        for (ExpressionTree child : children) {
            if (electronValued(new TreePath(parent, child))) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param path an expression
     * @return whether it calls an electron or a lattice
     */
    public boolean isGraphCall(TreePath path) {
        return path.getLeaf() instanceof MethodInvocationTree
                && element(path) instanceof ExecutableElement method
                && (ValenceAnnotations.isElectron(method) || ValenceAnnotations.isLattice(method));
    }

    /** What produced an electron-valued expression, for messages: "electron 'inc'". */
    String origin(TreePath path) {
        path = BodyTrees.unwrap(path);
        Tree tree = path.getLeaf();
        Element element = element(path);
        if (tree instanceof IdentifierTree) {
            OutputHolder holder = locals.containsKey(element) ? locals.get(element) : lists.get(element);
            return holder == null ? "an electron" : holder.origin();
        }
        if (element instanceof ExecutableElement method) {
            if (ValenceAnnotations.isElectron(method)) {
                return "electron '" + method.getSimpleName() + "'";
            }
            if (ValenceAnnotations.isLattice(method)) {
                return "lattice '" + method.getSimpleName() + "'";
            }
            OutputHolder list = lists.get(receiverLocal(path));
            if (list != null) {
                return list.origin();
            }
        }
        List<? extends Tree> children = tree instanceof MethodInvocationTree invocation
                ? invocation.getArguments()
                : tree instanceof NewArrayTree array
                        ? array.getInitializers()
                        : tree instanceof ConditionalExpressionTree conditional
                                ? List.of(conditional.getTrueExpression(), conditional.getFalseExpression())
                                : List.of();
        for (Tree child : children) {
            TreePath childPath = new TreePath(path, child);
            if (electronValued(childPath)) {
                return origin(childPath);
            }
        }
        return "an electron";
    }

    /**
     * @param invocationPath a method call
     * @return the local it is called on ({@code results} in {@code results.add(x)}); null if none
     */
    public Element receiverLocal(TreePath invocationPath) {
        if (!(invocationPath.getLeaf() instanceof MethodInvocationTree invocation)
                || !(invocation.getMethodSelect() instanceof MemberSelectTree select)) {
            return null;
        }
        TreePath receiver =
                BodyTrees.unwrap(new TreePath(new TreePath(invocationPath, select), select.getExpression()));
        if (!(receiver.getLeaf() instanceof IdentifierTree)) {
            return null;
        }
        Element element = element(receiver);
        return isLocal(element) ? element : null;
    }

    /**
     * @param method a called method
     * @return whether it is a collection factory ({@code List.of}, {@code Map.entry} ...), whose
     *     call with electron outputs becomes a collection node
     */
    public static boolean isCollectionFactory(ExecutableElement method) {
        return method.getEnclosingElement() instanceof TypeElement owner
                && COLLECTION_FACTORIES.contains(owner.getQualifiedName() + "#" + method.getSimpleName());
    }

    /**
     * @param path an expression
     * @return whether it is an array initializer or a collection factory call
     */
    public boolean isCollectionLiteral(TreePath path) {
        Tree tree = path.getLeaf();
        if (tree instanceof NewArrayTree array) {
            return array.getInitializers() != null;
        }
        return tree instanceof MethodInvocationTree
                && element(path) instanceof ExecutableElement method
                && isCollectionFactory(method);
    }

    private static boolean isLocal(Element element) {
        return element != null
                && (element.getKind() == ElementKind.LOCAL_VARIABLE
                        || element.getKind() == ElementKind.RESOURCE_VARIABLE);
    }

    /** Finds, to a fixpoint, the locals that hold electron outputs and the lists that collect them. */
    private void classify(TreePath body) {
        boolean[] changed = {true};
        while (changed[0]) {
            changed[0] = false;
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitVariable(VariableTree variable, Void unused) {
                    Element local = element(getCurrentPath());
                    if (variable.getInitializer() != null && isLocal(local) && !locals.containsKey(local)) {
                        TreePath initializer = new TreePath(getCurrentPath(), variable.getInitializer());
                        changed[0] |= holdIfElectronValued(local, initializer);
                    }
                    return super.visitVariable(variable, unused);
                }

                @Override
                public Void visitAssignment(AssignmentTree assignment, Void unused) {
                    Element local = named(new TreePath(getCurrentPath(), assignment.getVariable()));
                    if (isLocal(local) && !locals.containsKey(local)) {
                        TreePath value = new TreePath(getCurrentPath(), assignment.getExpression());
                        changed[0] |= holdIfElectronValued(local, value);
                    }
                    return super.visitAssignment(assignment, unused);
                }

                @Override
                public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
                    Element local = receiverLocal(getCurrentPath());
                    String method = BodyTrees.methodName(invocation);
                    boolean adds =
                            ("add".equals(method) && invocation.getArguments().size() <= 2)
                                    || ("set".equals(method)
                                            && invocation.getArguments().size() == 2);
                    if (adds && isLocal(local) && !lists.containsKey(local)) {
                        List<? extends ExpressionTree> arguments = invocation.getArguments();
                        TreePath added = new TreePath(getCurrentPath(), arguments.get(arguments.size() - 1));
                        TypeMirror element = types.listElement(local.asType());
                        if (element != null && electronValued(added)) {
                            lists.put(local, new OutputHolder(origin(added), element));
                            changed[0] = true;
                        }
                    }
                    return super.visitMethodInvocation(invocation, unused);
                }

                @Override
                public Void visitEnhancedForLoop(EnhancedForLoopTree loop, Void unused) {
                    OutputHolder list = listNamed(new TreePath(getCurrentPath(), loop.getExpression()));
                    Element variable = element(new TreePath(getCurrentPath(), loop.getVariable()));
                    if (list != null && variable != null && !locals.containsKey(variable)) {
                        locals.put(variable, new OutputHolder(list.origin(), variable.asType()));
                        changed[0] = true;
                    }
                    return super.visitEnhancedForLoop(loop, unused);
                }
            }.scan(body, null);
        }
    }

    private boolean holdIfElectronValued(Element local, TreePath value) {
        if (!electronValued(value)) {
            return false;
        }
        locals.put(local, new OutputHolder(origin(value), local.asType()));
        return true;
    }
}
