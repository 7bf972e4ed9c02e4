package dev.valence.processor.lattice;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.valence.processor.common.ValenceAnnotations;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Walks a lattice body as the lowering will, and applies the rules at each place the graph is
 * involved. Plain Java is walked into; an electron output in a plain place is reported and not
 * walked into (one error per misuse); the places where values enter the graph (arguments, result
 * locals, returns) go to {@link GraphValueCheck}.
 *
 * <p>Where something is unresolved, the report is marked incomplete and the subtree skipped: the
 * class is read again in a later round, and javac reports what stays unresolved.
 */
final class RuleWalk extends TreePathScanner<Void, Void> {
    private final BodyRules rules;
    private final AnalysedBody body;
    private final OutputFlow flow;

    RuleWalk(BodyRules rules) {
        this.rules = rules;
        this.body = rules.context.body();
        this.flow = body.flow();
    }

    private void incomplete() {
        rules.context.report().markIncomplete();
    }

    @Override
    public Void scan(TreePath path, Void unused) {
        if (path.getLeaf() instanceof ExpressionTree && misused(path)) {
            return null;
        }
        return super.scan(path, unused);
    }

    @Override
    public Void scan(Tree tree, Void unused) {
        if (tree instanceof ExpressionTree
                && getCurrentPath() != null
                && misused(new TreePath(getCurrentPath(), tree))) {
            return null;
        }
        return super.scan(tree, unused);
    }

    /** Reports an electron output used where only plain values can be, and says whether it did. */
    private boolean misused(TreePath path) {
        if (path.getLeaf() instanceof MethodInvocationTree
                && body.element(path) instanceof ExecutableElement method
                && ValenceAnnotations.isElectron(method)
                && method.getReturnType().getKind() == TypeKind.VOID) {
            incomplete(); // a void electron used as a value: javac says so
            return true;
        }
        if (!flow.electronValued(path)) {
            return false;
        }
        rules.misuse(path);
        return true;
    }

    @Override
    public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Element element = body.element(getCurrentPath());
        if (element == null || element.asType().getKind() == TypeKind.ERROR) {
            incomplete();
            return null;
        }
        if (BodyTrees.isAnnotationAttribute(element) || body.isLatticeParameter(element)) {
            return null;
        }
        if (element instanceof TypeElement type) {
            rules.accessibility.check(type, identifier);
            return null;
        }
        if (BodyTrees.isClassMember(element)) {
            if (!element.getModifiers().contains(Modifier.STATIC)) {
                incomplete(); // an instance member in a static method: javac reports it
                return null;
            }
            if (element.getKind() == ElementKind.ENUM_CONSTANT && BodyTrees.inCaseLabel(getCurrentPath())) {
                return null; // case labels name enum constants unqualified
            }
            rules.accessibility.check(element, identifier);
        }
        return null;
    }

    @Override
    public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        Element element = body.element(getCurrentPath());
        if (element != null && element.asType().getKind() == TypeKind.ERROR) {
            incomplete();
            return null;
        }
        if (element instanceof TypeElement type) {
            rules.accessibility.check(type, select);
            return null;
        }
        if (element instanceof PackageElement) {
            return null;
        }
        if (element != null && BodyTrees.isStaticMember(element) && !rules.accessibility.check(element, select)) {
            return null;
        }
        return super.visitMemberSelect(select, unused);
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
        TreePath path = getCurrentPath();
        if (!(body.element(path) instanceof ExecutableElement method)) {
            incomplete(); // unresolved: javac reports it if it stays so
            return null;
        }
        if (ValenceAnnotations.isElectron(method) || ValenceAnnotations.isLattice(method)) {
            incomplete(); // reached only where javac rejects the call itself
            return null;
        }
        Element receiver = flow.receiverLocal(path);
        OutputHolder list = flow.list(receiver);
        if (list == null) {
            return super.visitMethodInvocation(invocation, unused);
        }
        List<? extends ExpressionTree> arguments = invocation.getArguments();
        switch (method.getSimpleName().toString()) {
            case "add":
            case "set":
                for (int i = 0; i < arguments.size() - 1; i++) {
                    rules.walk(new TreePath(path, arguments.get(i)));
                }
                rules.values.value(
                        new TreePath(path, arguments.get(arguments.size() - 1)),
                        list.type(),
                        true,
                        "an element of '" + receiver.getSimpleName() + "'");
                return null;
            case "size":
            case "isEmpty":
                return null;
            default:
                rules.resultListUse.reportOperation(invocation, receiver, list);
                return null;
        }
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
        if (!rules.methodReference.check(reference, body.element(getCurrentPath()))) {
            return null;
        }
        return super.visitMemberReference(reference, unused);
    }

    @Override
    public Void visitVariable(VariableTree variable, Void unused) {
        TreePath path = getCurrentPath();
        Element local = body.element(path);
        rules.walk(new TreePath(path, variable.getModifiers()));
        OutputHolder holder = flow.local(local);
        OutputHolder list = flow.list(local);
        if (holder != null) {
            if (variable.getInitializer() != null) {
                rules.values.value(
                        new TreePath(path, variable.getInitializer()),
                        holder.type(),
                        true,
                        "'" + variable.getName() + "'");
            }
            return null;
        }
        if (list != null) {
            checkListDeclaration(path, variable, local, list);
            return null;
        }
        if (!body.source().implicitlyTyped(variable)) {
            rules.walk(new TreePath(path, variable.getType()));
        }
        if (variable.getInitializer() != null) {
            rules.walk(new TreePath(path, variable.getInitializer()));
        }
        return null;
    }

    /** A list collecting outputs: its declared type and its creation are rewritten, its arguments are plain. */
    private void checkListDeclaration(TreePath path, VariableTree variable, Element local, OutputHolder list) {
        if (!rules.resultListDeclaration.check(path, local, list) || variable.getInitializer() == null) {
            return;
        }
        TreePath initializerPath = BodyTrees.unwrap(new TreePath(path, variable.getInitializer()));
        NewClassTree created = (NewClassTree) initializerPath.getLeaf();
        if (created.getIdentifier() instanceof ParameterizedTypeTree && !BodyTrees.isDiamond(created)) {
            rules.context.typeOf(initializerPath); // the lowering rewrites the type arguments from it
        } else {
            rules.walk(new TreePath(initializerPath, created.getIdentifier()));
        }
        for (ExpressionTree argument : created.getArguments()) {
            rules.walk(new TreePath(initializerPath, argument));
        }
    }

    @Override
    public Void visitEnhancedForLoop(EnhancedForLoopTree loop, Void unused) {
        TreePath path = getCurrentPath();
        OutputHolder list = flow.listNamed(new TreePath(path, loop.getExpression()));
        if (list == null) {
            return super.visitEnhancedForLoop(loop, unused);
        }
        VariableTree variable = loop.getVariable();
        rules.walk(new TreePath(new TreePath(path, variable), variable.getModifiers()));
        TypeMirror declared = body.declaredLoopVariableType(path, list);
        if (declared != null) {
            rules.valueConversion.checkLoopVariable(variable, declared, list);
        }
        rules.walk(new TreePath(path, loop.getStatement()));
        return null;
    }

    @Override
    public Void visitAssignment(AssignmentTree assignment, Void unused) {
        TreePath path = getCurrentPath();
        if (reassignsParameter(assignment, assignment.getVariable())) {
            return null;
        }
        Element element = flow.named(new TreePath(path, assignment.getVariable()));
        OutputHolder holder = flow.local(element);
        if (holder != null) {
            rules.values.value(
                    new TreePath(path, assignment.getExpression()),
                    holder.type(),
                    true,
                    "'" + element.getSimpleName() + "'");
            return null;
        }
        if (flow.list(element) != null) {
            rules.resultListUse.reportReplaced(assignment, element);
            return null;
        }
        return super.visitAssignment(assignment, unused);
    }

    @Override
    public Void visitCompoundAssignment(CompoundAssignmentTree assignment, Void unused) {
        if (reassignsParameter(assignment, assignment.getVariable())) {
            return null;
        }
        return super.visitCompoundAssignment(assignment, unused);
    }

    @Override
    public Void visitUnary(UnaryTree unary, Void unused) {
        switch (unary.getKind()) {
            case PREFIX_INCREMENT:
            case PREFIX_DECREMENT:
            case POSTFIX_INCREMENT:
            case POSTFIX_DECREMENT:
                if (reassignsParameter(unary, unary.getExpression())) {
                    return null;
                }
                break;
            default:
                break;
        }
        return super.visitUnary(unary, unused);
    }

    /** Applies the parameter rule to an assignment of some kind; says whether it reported. */
    private boolean reassignsParameter(Tree assignment, ExpressionTree target) {
        return !rules.parameterReassignment.check(assignment, flow.named(new TreePath(getCurrentPath(), target)));
    }

    @Override
    public Void visitReturn(ReturnTree statement, Void unused) {
        TreePath path = getCurrentPath();
        if (body.insideLambdaOrClass(path) || statement.getExpression() == null) {
            return super.visitReturn(statement, unused);
        }
        rules.returns.noteReturn();
        rules.values.value(
                new TreePath(path, statement.getExpression()),
                body.lattice().getReturnType(),
                true,
                "the result of lattice '" + body.lattice().getSimpleName() + "'");
        return null;
    }

    @Override
    public Void visitExpressionStatement(ExpressionStatementTree statement, Void unused) {
        TreePath path = BodyTrees.unwrap(new TreePath(getCurrentPath(), statement.getExpression()));
        if (flow.isGraphCall(path) || flow.electronValued(path)) {
            rules.values.handle(path, null);
            return null;
        }
        return super.visitExpressionStatement(statement, unused);
    }

    @Override
    public Void visitBlock(BlockTree block, Void unused) {
        List<? extends StatementTree> statements = block.getStatements();
        for (int i = 0; i < statements.size() - 1; i++) {
            Tree.Kind kind = statements.get(i).getKind();
            if (kind == Tree.Kind.RETURN
                    || kind == Tree.Kind.THROW
                    || kind == Tree.Kind.BREAK
                    || kind == Tree.Kind.CONTINUE) {
                incomplete(); // an unreachable statement: javac reports it
            }
        }
        return super.visitBlock(block, unused);
    }

    @Override
    public Void visitTry(TryTree tree, Void unused) {
        rules.unsupportedStatement.reportTry(tree);
        return null;
    }

    @Override
    public Void visitSynchronized(SynchronizedTree tree, Void unused) {
        rules.unsupportedStatement.reportSynchronized(tree);
        return null;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
        if (getCurrentPath().getParentPath().getLeaf() instanceof NewClassTree) {
            return super.visitClass(tree, unused); // an anonymous class: plain code
        }
        rules.unsupportedStatement.reportLocalClass(tree);
        return null;
    }
}
