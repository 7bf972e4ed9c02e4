package dev.valence.processor.lattice;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.valence.processor.common.GraphTypes;
import dev.valence.processor.common.TypeMirrors;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * A lattice body after analysis: its trees, its source text and its {@link OutputFlow}, with the
 * questions about them that both the rules and the lowering ask. The lowering receives it only
 * when the rules found nothing, so it can rely on every name and type resolving.
 */
public final class AnalysedBody {
    private final ExecutableElement lattice;
    private final TreePath body;
    private final BodySource source;
    private final OutputFlow flow;
    private final Trees trees;
    private final GraphTypes types;

    AnalysedBody(
            ExecutableElement lattice,
            TreePath body,
            BodySource source,
            OutputFlow flow,
            Trees trees,
            GraphTypes types) {
        this.lattice = lattice;
        this.body = body;
        this.source = source;
        this.flow = flow;
        this.trees = trees;
        this.types = types;
    }

    /** @return the {@code @Lattice} method */
    public ExecutableElement lattice() {
        return lattice;
    }

    /** @return the path of the method's body block */
    public TreePath path() {
        return body;
    }

    /** @return the body's statements, never empty */
    public List<? extends StatementTree> statements() {
        return ((BlockTree) body.getLeaf()).getStatements();
    }

    /** @return the source text the body is copied from */
    public BodySource source() {
        return source;
    }

    /** @return which locals and expressions carry electron outputs */
    public OutputFlow flow() {
        return flow;
    }

    /** @return the type questions the graph's value passing raises */
    public GraphTypes types() {
        return types;
    }

    /**
     * @param path an expression
     * @return what it refers to; null when unresolved
     */
    public Element element(TreePath path) {
        return trees.getElement(path);
    }

    /**
     * @param path an expression
     * @return its type; null when javac could not resolve it (or part of it)
     */
    public TypeMirror typeOf(TreePath path) {
        TypeMirror type = trees.getTypeMirror(path);
        return type == null || type.getKind() == TypeKind.ERROR || TypeMirrors.containsError(type) ? null : type;
    }

    /**
     * @param path an electron-valued expression
     * @return the type of the value it stands for (a list of outputs is a list of values); null when
     *     unresolved
     */
    public TypeMirror valueType(TreePath path) {
        Element element = path.getLeaf() instanceof IdentifierTree ? element(path) : null;
        OutputHolder list = flow.list(element);
        if (list != null) {
            return types.listOf(list.type());
        }
        return typeOf(path);
    }

    /**
     * @param element what a name refers to, or null
     * @return whether it is a parameter of this lattice, an input of the graph
     */
    public boolean isLatticeParameter(Element element) {
        return element != null
                && element.getKind() == ElementKind.PARAMETER
                && lattice.getParameters().contains(element);
    }

    /**
     * @param path a tree of the body
     * @return whether it stands inside a lambda or a class body, which runs later (or never), not
     *     while the graph is built
     */
    public boolean insideLambdaOrClass(TreePath path) {
        for (TreePath at = path.getParentPath();
                at != null && at.getLeaf() != body.getLeaf();
                at = at.getParentPath()) {
            if (at.getLeaf() instanceof LambdaExpressionTree || at.getLeaf() instanceof ClassTree) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param loop a loop over a list of electron outputs
     * @param list the list
     * @return the type the loop's variable is declared with; null when it is declared {@code var}
     */
    public TypeMirror declaredLoopVariableType(TreePath loop, OutputHolder list) {
        VariableTree variable = ((EnhancedForLoopTree) loop.getLeaf()).getVariable();
        if (source.implicitlyTyped(variable)) {
            return null;
        }
        Element element = element(new TreePath(loop, variable));
        return element == null ? list.type() : element.asType();
    }

    /**
     * @param path a plain expression
     * @return its value when it is a literal or a compile-time constant field, which a collection's
     *     shape writes as is; null otherwise
     */
    public Object constantValue(TreePath path) {
        Tree tree = path.getLeaf();
        if (tree instanceof LiteralTree literal) {
            return literal.getValue();
        }
        if ((tree instanceof IdentifierTree || tree instanceof MemberSelectTree)
                && element(path) instanceof VariableElement field
                && field.getKind() == ElementKind.FIELD) {
            return field.getConstantValue();
        }
        return null;
    }

    /**
     * @param path a call
     * @param method the called method
     * @return its parameter types at this call (type variables inferred), or as declared when javac
     *     gives none
     */
    public List<? extends TypeMirror> calledParameterTypes(TreePath path, ExecutableElement method) {
        MethodInvocationTree invocation = (MethodInvocationTree) path.getLeaf();
        TypeMirror called = trees.getTypeMirror(new TreePath(path, invocation.getMethodSelect()));
        if (called instanceof ExecutableType executable
                && executable.getParameterTypes().size()
                        == method.getParameters().size()) {
            return executable.getParameterTypes();
        }
        return method.getParameters().stream().map(Element::asType).toList();
    }
}
