package dev.valence.processor.fingerprint;

import com.sun.source.tree.AnnotatedTypeTree;
import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeParameterTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.List;
import java.util.function.Consumer;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Writes a syntax tree in a canonical form: every node's kind, the names and literal values it
 * holds, and its children in brackets. Unlike javac's {@code toString()} of a tree, the form does not
 * depend on javac's version (JDK 17 printed {@code "it's"} as {@code "it\'s"}, later JDKs do not) and
 * holds no formatting or comments; literals count by value ({@code 0x10} and {@code 16} are equal).
 *
 * <p>It also does not depend on whether javac attributed the tree already (another processor or a
 * lattice of the same class may have made it do so): attribution adds a synthetic type to {@code
 * var} locals and implicit lambda parameters, an implicit {@code super()} to constructors and a
 * default constructor to local and anonymous classes. Synthetic trees have no end position, so they
 * are left out, and a leading {@code super()} without arguments is left out whether written or not.
 * Modifiers and annotations are left out: they do not change what the code computes (and tuning
 * {@code @Electron(retries)} must not invalidate results).
 *
 * <p>Every identifier, member select, member reference and {@code new} is resolved and handed to a
 * consumer: that is how the fingerprinter finds the code the tree reaches.
 */
final class CanonicalTreeScanner extends TreePathScanner<Void, Void> {
    private final Trees trees;
    private final SourcePositions positions;
    private final StringBuilder out;
    private final Consumer<Element> reached;

    /**
     * @param trees javac's tree API, to resolve names
     * @param out where the canonical form is appended
     * @param reached receives every element a name in the tree resolves to
     */
    CanonicalTreeScanner(Trees trees, StringBuilder out, Consumer<Element> reached) {
        this.trees = trees;
        this.positions = trees.getSourcePositions();
        this.out = out;
        this.reached = reached;
    }

    /**
     * Writes a tree found at a path, and what it reaches.
     *
     * @param path the path of a tree
     */
    void write(TreePath path) {
        // The root is visited directly (not through scan(Tree)), so its kind is written here.
        out.append('(').append(path.getLeaf().getKind().name());
        scan(path, null);
        out.append(')');
    }

    @Override
    public Void scan(Tree tree, Void unused) {
        if (tree == null || isSynthetic(tree)) {
            return null;
        }
        String kind = tree.getKind().name();
        switch (kind) {
            case "MODIFIERS":
            case "ANNOTATION":
            case "TYPE_ANNOTATION":
                return null;
            case "CONSTANT_CASE_LABEL":
                // JDK 21+ wraps each constant of a case; JDK 17 lists the expressions themselves.
                return super.scan(tree, unused);
            case "DEFAULT_CASE_LABEL":
                // A lone default is written by visitCase, since JDK 17 shows it as a case without
                // expressions; here only the default of `case null, default` (JDK 21+).
                if (getCurrentPath().getLeaf() instanceof CaseTree parent
                        && !parent.getExpressions().isEmpty()) {
                    out.append("default");
                }
                return null;
            default:
                out.append('(').append(kind);
                super.scan(tree, unused);
                out.append(')');
                return null;
        }
    }

    @Override
    public Void scan(Iterable<? extends Tree> nodes, Void unused) {
        out.append('[');
        if (nodes != null) {
            for (Tree node : nodes) {
                scan(node, unused);
            }
        }
        out.append(']');
        return null;
    }

    /** Synthetic trees are made by javac's attribution, at no position of the source. */
    private boolean isSynthetic(Tree tree) {
        TreePath current = getCurrentPath();
        return current != null
                && (tree instanceof MethodTree || isTypeOfAVariable(tree))
                && positions.getEndPosition(current.getCompilationUnit(), tree) == Diagnostic.NOPOS;
    }

    private boolean isTypeOfAVariable(Tree tree) {
        return getCurrentPath().getLeaf() instanceof VariableTree variable && variable.getType() == tree;
    }

    private void name(CharSequence name) {
        out.append(' ').append(name).append(' ');
    }

    private void resolve() {
        Element element = trees.getElement(getCurrentPath());
        if (element != null) {
            reached.accept(element);
        }
    }

    @Override
    public Void visitIdentifier(IdentifierTree tree, Void unused) {
        name(tree.getName());
        resolve();
        return null;
    }

    @Override
    public Void visitMemberSelect(MemberSelectTree tree, Void unused) {
        super.visitMemberSelect(tree, unused);
        name(tree.getIdentifier());
        resolve();
        return null;
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
        name(tree.getMode().name());
        name(tree.getName());
        super.visitMemberReference(tree, unused);
        resolve();
        return null;
    }

    @Override
    public Void visitNewClass(NewClassTree tree, Void unused) {
        super.visitNewClass(tree, unused);
        resolve();
        return null;
    }

    @Override
    public Void visitLiteral(LiteralTree tree, Void unused) {
        out.append(' ').append(Literals.canonical(tree.getValue())).append(' ');
        return null;
    }

    @Override
    public Void visitPrimitiveType(PrimitiveTypeTree tree, Void unused) {
        name(tree.getPrimitiveTypeKind().name());
        return null;
    }

    @Override
    public Void visitModifiers(ModifiersTree tree, Void unused) {
        return null;
    }

    @Override
    public Void visitAnnotation(AnnotationTree tree, Void unused) {
        return null;
    }

    @Override
    public Void visitAnnotatedType(AnnotatedTypeTree tree, Void unused) {
        return scan(tree.getUnderlyingType(), unused);
    }

    @Override
    public Void visitVariable(VariableTree tree, Void unused) {
        name(tree.getName());
        out.append("type");
        scan(tree.getType(), unused);
        out.append("init");
        scan(tree.getInitializer(), unused);
        return null;
    }

    @Override
    public Void visitMethod(MethodTree tree, Void unused) {
        name(tree.getName());
        scan(tree.getReturnType(), unused);
        scan(tree.getTypeParameters(), unused);
        scan(tree.getParameters(), unused);
        scan(tree.getThrows(), unused);
        out.append("body");
        writeBody(getCurrentPath());
        out.append("default");
        scan(tree.getDefaultValue(), unused);
        return null;
    }

    /**
     * Writes a constructor's or method's body given the method's path (the body's parent).
     *
     * @param method the method's path
     */
    void writeBody(TreePath method) {
        MethodTree tree = (MethodTree) method.getLeaf();
        if (tree.getBody() == null) {
            return;
        }
        boolean constructor = tree.getName().contentEquals("<init>");
        List<? extends StatementTree> statements = tree.getBody().getStatements();
        TreePath bodyPath = new TreePath(method, tree.getBody());
        out.append("(BLOCK[");
        int first = constructor && !statements.isEmpty() && isPlainSuperCall(statements.get(0)) ? 1 : 0;
        for (StatementTree statement : statements.subList(first, statements.size())) {
            write(new TreePath(bodyPath, statement));
        }
        out.append("])");
    }

    /**
     * @param statement a constructor's first statement
     * @return whether it is {@code super()}: without arguments, the call javac adds when none is
     *     written
     */
    static boolean isPlainSuperCall(StatementTree statement) {
        return statement instanceof ExpressionStatementTree expression
                && expression.getExpression() instanceof MethodInvocationTree call
                && call.getArguments().isEmpty()
                && call.getTypeArguments().isEmpty()
                && call.getMethodSelect() instanceof IdentifierTree name
                && name.getName().contentEquals("super");
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
        // An anonymous class's name, supertypes and modifiers are javac's to fill in (attribution
        // sets its supertype from the new expression, which is written already); only its members
        // are the user's.
        boolean anonymous = tree.getSimpleName().length() == 0;
        if (!anonymous) {
            name(tree.getSimpleName());
            scan(tree.getTypeParameters(), unused);
            scan(tree.getExtendsClause(), unused);
            scan(tree.getImplementsClause(), unused);
        }
        scan(tree.getMembers(), unused);
        return null;
    }

    @Override
    public Void visitNewArray(NewArrayTree tree, Void unused) {
        scan(tree.getType(), unused);
        scan(tree.getDimensions(), unused);
        if (tree.getInitializers() == null) {
            out.append("noinit");
        } else {
            scan(tree.getInitializers(), unused);
        }
        return null;
    }

    @Override
    public Void visitTypeParameter(TypeParameterTree tree, Void unused) {
        name(tree.getName());
        scan(tree.getBounds(), unused);
        return null;
    }

    @Override
    public Void visitBreak(BreakTree tree, Void unused) {
        name(String.valueOf(tree.getLabel()));
        return null;
    }

    @Override
    public Void visitContinue(ContinueTree tree, Void unused) {
        name(String.valueOf(tree.getLabel()));
        return null;
    }

    @Override
    public Void visitLabeledStatement(LabeledStatementTree tree, Void unused) {
        name(tree.getLabel());
        return super.visitLabeledStatement(tree, unused);
    }

    @Override
    public Void visitCase(CaseTree tree, Void unused) {
        name(tree.getCaseKind().name());
        // JDK 17 shows a default case as one without expressions; later JDKs as a default label,
        // which scan leaves out.
        if (tree.getExpressions().isEmpty()) {
            out.append("default");
        }
        return super.visitCase(tree, unused);
    }
}
