package dev.valence.processor.lattice;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Small questions about the trees of a lattice body that need no flow facts, asked alike by the
 * flow analysis, the rules and the lowering.
 */
public final class BodyTrees {
    private BodyTrees() {}

    /**
     * @param path an expression
     * @return the expression inside any parentheses
     */
    public static TreePath unwrap(TreePath path) {
        while (path.getLeaf() instanceof ParenthesizedTree parenthesized) {
            path = new TreePath(path, parenthesized.getExpression());
        }
        return path;
    }

    /**
     * @param invocation a method call
     * @return the called method's simple name, as written
     */
    public static String methodName(MethodInvocationTree invocation) {
        ExpressionTree select = invocation.getMethodSelect();
        return select instanceof MemberSelectTree member
                ? member.getIdentifier().toString()
                : ((IdentifierTree) select).getName().toString();
    }

    /**
     * @param path a name
     * @return whether it stands in a case label, where enum constants are written unqualified
     */
    public static boolean inCaseLabel(TreePath path) {
        Tree parent = path.getParentPath().getLeaf();
        // CONSTANT_CASE_LABEL exists from JDK 21 on; its name keeps the processor compiling on 17.
        return parent.getKind() == Tree.Kind.CASE
                || "CONSTANT_CASE_LABEL".equals(parent.getKind().name());
    }

    /**
     * @param created a {@code new} expression
     * @return whether it uses the diamond, {@code new ArrayList<>()}
     */
    public static boolean isDiamond(NewClassTree created) {
        return created.getIdentifier() instanceof ParameterizedTypeTree parameterized
                && parameterized.getTypeArguments().isEmpty();
    }

    /**
     * @param literal an array initializer or a collection factory call
     * @return its elements, in order
     */
    public static List<? extends ExpressionTree> literalElements(Tree literal) {
        return literal instanceof NewArrayTree array
                ? array.getInitializers()
                : ((MethodInvocationTree) literal).getArguments();
    }

    /**
     * @param element what a name refers to
     * @return whether it is an attribute name inside an annotation, which stays as written
     */
    public static boolean isAnnotationAttribute(Element element) {
        return element.getEnclosingElement() != null
                && element.getEnclosingElement().getKind() == ElementKind.ANNOTATION_TYPE;
    }

    /**
     * @param element what an unqualified name refers to
     * @return whether it is a member of a class (field, enum constant or method), which the
     *     generated class, elsewhere, must reach through its class
     */
    public static boolean isClassMember(Element element) {
        boolean member = element.getKind() == ElementKind.FIELD
                || element.getKind() == ElementKind.ENUM_CONSTANT
                || element.getKind() == ElementKind.METHOD;
        return member && element.getEnclosingElement() instanceof TypeElement;
    }

    /**
     * @param element what a qualified name refers to
     * @return whether it is a static field or method of a class
     */
    static boolean isStaticMember(Element element) {
        return element.getEnclosingElement() instanceof TypeElement
                && element.getModifiers().contains(Modifier.STATIC)
                && (element.getKind() == ElementKind.FIELD || element.getKind() == ElementKind.METHOD);
    }
}
