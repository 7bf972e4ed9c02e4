package dev.valence.processor.generation;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.valence.processor.lattice.AnalysedBody;
import dev.valence.processor.lattice.BodyTrees;
import dev.valence.processor.lattice.OutputFlow;
import dev.valence.processor.lattice.OutputHolder;
import dev.valence.processor.model.Code;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * Walks the plain Java code of a lattice body and notes the edits that turn it into graph-building
 * code: names of classes and static members qualified for the generated class, locals holding
 * outputs declared as handles, and the places where values enter the graph lowered by {@link
 * ValueLowering}.
 */
final class StatementLowering extends TreePathScanner<Void, Void> {
    private final BodyLowering lowering;
    private final AnalysedBody body;
    private final OutputFlow flow;
    private final SourceEdits edits;

    /**
     * @param lowering the body's lowering
     * @param edits where the edits go; a subtree's walk adds to its parent's
     */
    StatementLowering(BodyLowering lowering, SourceEdits edits) {
        this.lowering = lowering;
        this.body = lowering.body();
        this.flow = body.flow();
        this.edits = edits;
    }

    /** Walks a subtree with a walk of its own, since a scanner's current path belongs to one scan. */
    private void scanAt(TreePath path) {
        new StatementLowering(lowering, edits).scan(path, null);
    }

    @Override
    public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Element element = body.element(getCurrentPath());
        if (BodyTrees.isAnnotationAttribute(element)) {
            return null;
        }
        lowering.noteDeprecation(element);
        if (element instanceof TypeElement type) {
            edits.replace(identifier, new Code.Type(ClassName.get(type)));
        } else if (body.isLatticeParameter(element)) {
            lowering.valueParameters().add(identifier.getName().toString());
        } else if (BodyTrees.isClassMember(element)
                && !(element.getKind() == ElementKind.ENUM_CONSTANT && BodyTrees.inCaseLabel(getCurrentPath()))) {
            ClassName owner = ClassName.get((TypeElement) element.getEnclosingElement());
            edits.replace(identifier, Code.of(new Code.Type(owner), Code.text("." + identifier.getName())));
        }
        return null;
    }

    @Override
    public Void visitMemberSelect(MemberSelectTree select, Void unused) {
        Element element = body.element(getCurrentPath());
        if (element instanceof TypeElement type) {
            lowering.noteDeprecation(type);
            edits.replace(select, new Code.Type(ClassName.get(type)));
            return null;
        }
        if (element instanceof PackageElement) {
            return null;
        }
        if (element != null) {
            lowering.noteDeprecation(element);
        }
        return super.visitMemberSelect(select, unused);
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
        TreePath path = getCurrentPath();
        OutputHolder list = flow.list(flow.receiverLocal(path));
        if (list == null) {
            return super.visitMethodInvocation(invocation, unused);
        }
        String name = BodyTrees.methodName(invocation);
        if ("add".equals(name) || "set".equals(name)) {
            List<? extends ExpressionTree> arguments = invocation.getArguments();
            for (int i = 0; i < arguments.size() - 1; i++) {
                scanAt(new TreePath(path, arguments.get(i)));
            }
            ExpressionTree added = arguments.get(arguments.size() - 1);
            edits.replace(added, lowering.values().value(new TreePath(path, added), list.type(), true));
        }
        return null; // otherwise size or isEmpty, which stay as they are
    }

    @Override
    public Void visitVariable(VariableTree variable, Void unused) {
        TreePath path = getCurrentPath();
        Element local = body.element(path);
        scanAt(new TreePath(path, variable.getModifiers()));
        OutputHolder holder = flow.local(local);
        OutputHolder list = flow.list(local);
        boolean implicitlyTyped = body.source().implicitlyTyped(variable);
        if (holder != null) {
            if (!implicitlyTyped) {
                edits.replace(variable.getType(), new Code.HandleType(lowering.boxedName(holder.type())));
            }
            if (variable.getInitializer() != null) {
                TreePath initializer = new TreePath(path, variable.getInitializer());
                edits.replace(variable.getInitializer(), lowering.values().value(initializer, holder.type(), true));
            }
            return null;
        }
        if (list != null) {
            lowerListDeclaration(path, variable, local, list);
            return null;
        }
        if (!implicitlyTyped) {
            scanAt(new TreePath(path, variable.getType()));
        }
        if (variable.getInitializer() != null) {
            scanAt(new TreePath(path, variable.getInitializer()));
        }
        return null;
    }

    /** {@code List<T> results = new ArrayList<>()} becomes a list of handles. */
    private void lowerListDeclaration(TreePath path, VariableTree variable, Element local, OutputHolder list) {
        if (variable.getInitializer() == null) {
            return;
        }
        TreePath initializerPath = BodyTrees.unwrap(new TreePath(path, variable.getInitializer()));
        NewClassTree created = (NewClassTree) initializerPath.getLeaf();
        if (!body.source().implicitlyTyped(variable)) {
            edits.replace(variable.getType(), lowering.handleListType(local.asType(), list.type()));
        }
        if (created.getIdentifier() instanceof ParameterizedTypeTree parameterized && !BodyTrees.isDiamond(created)) {
            Code.HandleCollectionType createdHandles =
                    lowering.handleListType(lowering.typeOf(initializerPath), list.type());
            if (createdHandles != null) {
                edits.replace(parameterized, createdHandles);
            }
        } else {
            scanAt(new TreePath(initializerPath, created.getIdentifier()));
        }
        for (ExpressionTree argument : created.getArguments()) {
            scanAt(new TreePath(initializerPath, argument));
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
        scanAt(new TreePath(new TreePath(path, variable), variable.getModifiers()));
        TypeMirror declared = body.declaredLoopVariableType(path, list);
        if (declared != null) {
            edits.replace(variable.getType(), new Code.HandleType(lowering.boxedName(declared)));
        }
        scanAt(new TreePath(path, loop.getStatement()));
        return null;
    }

    @Override
    public Void visitAssignment(AssignmentTree assignment, Void unused) {
        TreePath path = getCurrentPath();
        OutputHolder holder = flow.local(flow.named(new TreePath(path, assignment.getVariable())));
        if (holder == null) {
            return super.visitAssignment(assignment, unused);
        }
        TreePath value = new TreePath(path, assignment.getExpression());
        edits.replace(assignment.getExpression(), lowering.values().value(value, holder.type(), true));
        return null;
    }

    @Override
    public Void visitReturn(ReturnTree statement, Void unused) {
        TreePath path = getCurrentPath();
        if (body.insideLambdaOrClass(path) || statement.getExpression() == null) {
            return super.visitReturn(statement, unused);
        }
        TreePath value = new TreePath(path, statement.getExpression());
        edits.replace(
                statement.getExpression(),
                lowering.values().value(value, body.lattice().getReturnType(), true));
        return null;
    }

    @Override
    public Void visitExpressionStatement(ExpressionStatementTree statement, Void unused) {
        TreePath path = BodyTrees.unwrap(new TreePath(getCurrentPath(), statement.getExpression()));
        if (flow.isGraphCall(path) || flow.electronValued(path)) {
            edits.replace(path.getLeaf(), lowering.values().handle(path, null));
            return null;
        }
        return super.visitExpressionStatement(statement, unused);
    }
}
