package dev.valence.processor.lattice;

import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.valence.processor.common.ValenceAnnotations;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Applies the rules where values enter the graph: electron and lattice arguments, collection
 * literals passed to them, locals and lists holding outputs, and the lattice's result. It follows
 * the same steps as the lowering of these values, and stops where a rule fails, so that each
 * problem is reported once, at the innermost expression at fault.
 */
final class GraphValueCheck {
    private final BodyRules rules;
    private final RuleContext context;
    private final AnalysedBody body;
    private final OutputFlow flow;

    GraphValueCheck(BodyRules rules) {
        this.rules = rules;
        this.context = rules.context;
        this.body = context.body();
        this.flow = body.flow();
    }

    /**
     * Checks a value passed to the graph.
     *
     * @param target the type it is passed as
     * @param exact whether the value's type must be the target type exactly (locals and results:
     *     {@code Handle} is invariant), rather than assignable to it (arguments)
     * @param role what the value is, for messages
     */
    void value(TreePath path, TypeMirror target, boolean exact, String role) {
        path = BodyTrees.unwrap(path);
        Tree tree = path.getLeaf();
        if (flow.electronValued(path)) {
            TypeMirror type = context.valueType(path);
            if (type != null && rules.valueConversion.check(tree, type, target, exact, role)) {
                handle(path, target);
            }
            return;
        }
        if (!rules.nullValue.check(tree, role)) {
            return;
        }
        TypeMirror type = context.typeOf(path);
        if (type == null) {
            return;
        }
        Element element = tree instanceof IdentifierTree ? body.element(path) : null;
        if (body.isLatticeParameter(element) && body.types().passes(type, target, exact)) {
            return; // passed on as the input's handle
        }
        rules.walk(path); // a constant node: plain code
    }

    /** Checks an electron-valued expression, or an electron call whose result is unused. */
    void handle(TreePath path, TypeMirror target) {
        path = BodyTrees.unwrap(path);
        Tree tree = path.getLeaf();
        switch (tree.getKind()) {
            case IDENTIFIER:
                return;
            case METHOD_INVOCATION: {
                ExecutableElement method = (ExecutableElement) body.element(path);
                if (ValenceAnnotations.isElectron(method)) {
                    electronCall(path, method);
                } else if (ValenceAnnotations.isLattice(method)) {
                    latticeCall(path, method);
                } else if (OutputFlow.isCollectionFactory(method)) {
                    collection(path);
                } else { // get on a list of outputs: the index is plain
                    rules.walk(new TreePath(
                            path, ((MethodInvocationTree) tree).getArguments().get(0)));
                }
                return;
            }
            case NEW_ARRAY:
                collection(path);
                return;
            case CONDITIONAL_EXPRESSION: {
                ConditionalExpressionTree conditional = (ConditionalExpressionTree) tree;
                TypeMirror type = target != null ? target : context.typeOf(path);
                if (type == null) {
                    return;
                }
                rules.walk(new TreePath(path, conditional.getCondition()));
                value(new TreePath(path, conditional.getTrueExpression()), type, true, "this branch");
                value(new TreePath(path, conditional.getFalseExpression()), type, true, "this branch");
                return;
            }
            default:
                throw new IllegalStateException("not an electron output: " + tree);
        }
    }

    private void electronCall(TreePath path, ExecutableElement method) {
        MethodInvocationTree invocation = (MethodInvocationTree) path.getLeaf();
        if (body.insideLambdaOrClass(path)) {
            rules.misuse(path);
            return;
        }
        if (!rules.staticElectronCall.check(path, method)
                || !rules.calleeErrors.checkElectron(invocation, method)
                || !rules.varargsCall.checkElectron(invocation, method)) {
            return;
        }
        List<? extends ExpressionTree> arguments = invocation.getArguments();
        List<? extends TypeMirror> parameterTypes = body.calledParameterTypes(path, method);
        for (int i = 0; i < arguments.size(); i++) {
            VariableElement parameter = method.getParameters().get(i);
            value(
                    new TreePath(path, arguments.get(i)),
                    parameterTypes.get(i),
                    false,
                    "parameter '" + parameter.getSimpleName() + "' of electron '" + method.getSimpleName() + "'");
        }
        if (!method.getTypeParameters().isEmpty() && method.getReturnType().getKind() != TypeKind.VOID) {
            TypeMirror result = context.typeOf(path);
            if (result != null) {
                rules.genericResult.check(invocation, method, result);
            }
        }
    }

    private void latticeCall(TreePath path, ExecutableElement callee) {
        MethodInvocationTree invocation = (MethodInvocationTree) path.getLeaf();
        if (body.insideLambdaOrClass(path)) {
            rules.misuse(path);
            return;
        }
        if (!rules.latticeCycle.check(invocation, callee) || !rules.calleeErrors.checkLattice(invocation, callee)) {
            return;
        }
        List<? extends ExpressionTree> arguments = invocation.getArguments();
        if (!flow.passesOutputs(path)) {
            for (ExpressionTree argument : arguments) {
                rules.walk(new TreePath(path, argument)); // an expansion: plain arguments
            }
            return;
        }
        if (!rules.varargsCall.checkSublattice(invocation, callee)) {
            return;
        }
        for (int i = 0; i < arguments.size(); i++) {
            VariableElement parameter = callee.getParameters().get(i);
            value(
                    new TreePath(path, arguments.get(i)),
                    parameter.asType(),
                    false,
                    "parameter '" + parameter.getSimpleName() + "' of lattice '" + callee.getSimpleName() + "'");
        }
    }

    /** A collection literal holding electron outputs, which becomes a collection node. */
    private void collection(TreePath path) {
        literal(path);
        context.typeOf(path);
    }

    private void literal(TreePath path) {
        path = BodyTrees.unwrap(path);
        Tree tree = path.getLeaf();
        if (tree instanceof NewArrayTree && context.typeOf(path) == null) {
            return;
        }
        for (ExpressionTree element : BodyTrees.literalElements(tree)) {
            part(new TreePath(path, element));
        }
    }

    private void part(TreePath path) {
        path = BodyTrees.unwrap(path);
        boolean electronValued = flow.electronValued(path);
        if (electronValued && flow.isCollectionLiteral(path)) {
            literal(path); // nested literals join the outer collection node
            return;
        }
        TypeMirror type = electronValued ? context.valueType(path) : context.typeOf(path);
        if (type == null) {
            return;
        }
        if (!electronValued && body.constantValue(path) != null) {
            rules.walk(path); // written into the collection's shape as is
            return;
        }
        value(path, type, true, "an element of this collection");
    }
}
