package dev.valence.processor.validation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.valence.processor.common.CanonicalTypes;
import dev.valence.processor.common.Env;
import dev.valence.processor.common.GraphTypes;
import dev.valence.processor.common.TypeMirrors;
import dev.valence.processor.common.ValenceAnnotations;
import dev.valence.processor.model.Code;
import dev.valence.processor.model.GeneratedNames;
import dev.valence.processor.model.LatticeBody;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Reads the body of a {@code @Lattice} method, checks it against the lattice language, and
 * rewrites it into the body of a graph builder ({@link LatticeBody}).
 *
 * <p>The body is copied: loops, conditions, arithmetic, helper calls and locals of ordinary types
 * stay Java and run while the graph is built, with the concrete inputs. What changes: every
 * electron call becomes a node ({@code graph.call(...)}) and yields a handle; every local that
 * holds an electron output becomes a {@code Handle<T>}, and every {@code List} local that collects
 * them a {@code List<Handle<T>>}; plain values passed to electrons become constant nodes; collection
 * literals of electron outputs become collection nodes; lattices called with plain values are
 * expanded inline, lattices called with an electron output become dynamic sublattices.
 *
 * <p>Which locals hold electron outputs is found by data flow over the body (a fixpoint: a local
 * assigned an electron output, a list to which one is added, the variable of a loop over such a
 * list). An electron output may then only flow into an electron or lattice argument, a collection
 * literal passed to one, such a local, or the lattice's result. Any other use (a condition, a loop
 * bound, arithmetic, a method call, a field, a lambda ...) is reported at the expression: the value
 * does not exist while the graph is built.
 *
 * <p>Calls are resolved with {@code Trees.getElement}, which attributes the class on demand. What
 * does not resolve (a typo, or a type generated later) makes the reading incomplete, and the class
 * is retried in a later round; javac reports whatever is still unresolved at the end. Whatever
 * javac itself rejects is left to javac.
 */
public final class LatticeBodyReader {
    private static final String FIX_DECIDE = "move the decision into an electron, or pass the result to a lattice,"
            + " which then runs as a dynamic sublattice and can decide with the value";
    private static final String FIX_COMPUTE = "do this inside an electron that takes the result as a parameter";
    private static final Set<String> COLLECTION_FACTORIES = Set.of(
            "java.util.List#of",
            "java.util.Set#of",
            "java.util.Map#of",
            "java.util.Map#entry",
            "java.util.Map#ofEntries",
            "java.util.Arrays#asList");

    private final Env env;
    private final CanonicalTypes canonicalTypes;
    private final GraphTypes types;
    private final ElectronValidator electronValidator = new ElectronValidator();
    private final LatticeValidator latticeValidator = new LatticeValidator();

    /**
     * @param env the compiler services
     * @param canonicalTypes writes the types of nodes
     */
    public LatticeBodyReader(Env env, CanonicalTypes canonicalTypes) {
        this.env = env;
        this.canonicalTypes = canonicalTypes;
        this.types = new GraphTypes(env.elements(), env.types());
    }

    /**
     * The outcome of reading one body.
     *
     * @param report the findings
     * @param body the rewritten body; present only when the report is clean
     */
    public record Reading(ValidationReport report, Optional<LatticeBody> body) {}

    /**
     * @param lattice a {@code @Lattice} method whose declaration passed {@link LatticeValidator}
     * @return the findings, and the body when there are none
     */
    public Reading read(ExecutableElement lattice) {
        return new Run(lattice).read();
    }

    /**
     * A local that holds electron outputs.
     *
     * @param origin what produced the first of them, for messages ("electron 'render'")
     * @param type the type of one output: the local's type, or a list's element type
     */
    private record Holder(String origin, TypeMirror type) {}

    /** A replacement of the source text between two positions. */
    private record Edit(long start, long end, Code code) {}

    /** The state of reading one body. */
    private final class Run {
        private final ExecutableElement lattice;
        private final ValidationReport report = new ValidationReport();
        private final Map<Element, Holder> handleLocals = new HashMap<>();
        private final Map<Element, Holder> handleLists = new HashMap<>();
        private final Set<String> valueParameters = new HashSet<>();
        private final Set<String> handleParameters = new HashSet<>();
        private final Set<String> warnings = new TreeSet<>();
        private final String generatedClass;
        private final String generatedPackage;
        private CompilationUnitTree unit;
        private SourcePositions positions;
        private CharSequence source;
        private TreePath bodyPath;
        private int column;
        private boolean returned;

        Run(ExecutableElement lattice) {
            this.lattice = lattice;
            TypeElement owner = (TypeElement) lattice.getEnclosingElement();
            ClassName lattices = GeneratedNames.lattices(owner);
            this.generatedClass = lattices.simpleName();
            this.generatedPackage = lattices.packageName();
        }

        Reading read() {
            TreePath methodPath = env.trees().getPath(lattice);
            if (methodPath == null || ((MethodTree) methodPath.getLeaf()).getBody() == null) {
                report.error(lattice, "lattice '" + lattice.getSimpleName() + "' needs a body in this compilation");
                return new Reading(report, Optional.empty());
            }
            unit = methodPath.getCompilationUnit();
            positions = env.trees().getSourcePositions();
            try {
                source = unit.getSourceFile().getCharContent(true);
            } catch (IOException e) {
                report.error(
                        lattice,
                        "Valence could not read the source of lattice '" + lattice.getSimpleName() + "': " + e);
                return new Reading(report, Optional.empty());
            }
            BlockTree body = ((MethodTree) methodPath.getLeaf()).getBody();
            bodyPath = new TreePath(methodPath, body);
            List<? extends StatementTree> statements = body.getStatements();
            if (statements.isEmpty()) {
                report.markIncomplete(); // javac reports the missing return
                return new Reading(report, Optional.empty());
            }
            attribute();
            classify();
            long start = start(statements.get(0));
            long end = end(statements.get(statements.size() - 1));
            column = columnOf(start);
            Rewriter rewriter = new Rewriter();
            rewriter.scan(bodyPath, null);
            Code code = assemble(start, end, rewriter.edits);
            if (!returned && !report.hasErrors() && !report.isIncomplete()) {
                report.error(
                        lattice,
                        "lattice '" + lattice.getSimpleName() + "' never returns: end it with 'return' of an"
                                + " electron's result (or of a parameter or a value)");
            }
            if (!report.isClean()) {
                return new Reading(report, Optional.empty());
            }
            warnings.addAll(suppressedWarnings());
            List<String> parameters = lattice.getParameters().stream()
                    .map(parameter -> parameter.getSimpleName().toString())
                    .toList();
            return new Reading(
                    report,
                    Optional.of(new LatticeBody(
                            code,
                            parameters.stream()
                                    .filter(valueParameters::contains)
                                    .toList(),
                            parameters.stream()
                                    .filter(handleParameters::contains)
                                    .toList(),
                            declaredNames(),
                            new ArrayList<>(warnings))));
        }

        // ---------------------------------------------------------------- data flow

        /** Attributes the class (javac does it on demand when an expression is resolved). */
        private void attribute() {
            new TreePathScanner<Boolean, Void>() {
                @Override
                public Boolean scan(Tree tree, Void unused) {
                    if (tree instanceof IdentifierTree || tree instanceof LiteralTree) {
                        env.trees().getElement(new TreePath(getCurrentPath(), tree));
                        return true;
                    }
                    return Boolean.TRUE.equals(super.scan(tree, unused));
                }

                @Override
                public Boolean reduce(Boolean a, Boolean b) {
                    return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
                }
            }.scan(bodyPath, null);
        }

        /** Finds, to a fixpoint, the locals that hold electron outputs and the lists that collect them. */
        private void classify() {
            boolean[] changed = {true};
            while (changed[0]) {
                changed[0] = false;
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitVariable(VariableTree variable, Void unused) {
                        Element local = element(getCurrentPath());
                        if (variable.getInitializer() != null && isLocal(local) && !handleLocals.containsKey(local)) {
                            TreePath initializer = new TreePath(getCurrentPath(), variable.getInitializer());
                            if (electronValued(initializer)) {
                                handleLocals.put(local, new Holder(origin(initializer), local.asType()));
                                changed[0] = true;
                            }
                        }
                        return super.visitVariable(variable, unused);
                    }

                    @Override
                    public Void visitAssignment(AssignmentTree assignment, Void unused) {
                        TreePath target = unwrap(new TreePath(getCurrentPath(), assignment.getVariable()));
                        Element local = target.getLeaf() instanceof IdentifierTree ? element(target) : null;
                        if (isLocal(local) && !handleLocals.containsKey(local)) {
                            TreePath value = new TreePath(getCurrentPath(), assignment.getExpression());
                            if (electronValued(value)) {
                                handleLocals.put(local, new Holder(origin(value), local.asType()));
                                changed[0] = true;
                            }
                        }
                        return super.visitAssignment(assignment, unused);
                    }

                    @Override
                    public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
                        Element local = receiverLocal(getCurrentPath());
                        String method = methodName(invocation);
                        boolean adds = ("add".equals(method)
                                        && invocation.getArguments().size() <= 2)
                                || ("set".equals(method)
                                        && invocation.getArguments().size() == 2);
                        if (adds && isLocal(local) && !handleLists.containsKey(local)) {
                            List<? extends ExpressionTree> arguments = invocation.getArguments();
                            TreePath added = new TreePath(getCurrentPath(), arguments.get(arguments.size() - 1));
                            TypeMirror element = types.listElement(local.asType());
                            if (element != null && electronValued(added)) {
                                handleLists.put(local, new Holder(origin(added), element));
                                changed[0] = true;
                            }
                        }
                        return super.visitMethodInvocation(invocation, unused);
                    }

                    @Override
                    public Void visitEnhancedForLoop(EnhancedForLoopTree loop, Void unused) {
                        TreePath expression = unwrap(new TreePath(getCurrentPath(), loop.getExpression()));
                        Holder list = handleLists.get(
                                expression.getLeaf() instanceof IdentifierTree ? element(expression) : null);
                        Element variable = element(new TreePath(getCurrentPath(), loop.getVariable()));
                        if (list != null && variable != null && !handleLocals.containsKey(variable)) {
                            handleLocals.put(variable, new Holder(list.origin(), variable.asType()));
                            changed[0] = true;
                        }
                        return super.visitEnhancedForLoop(loop, unused);
                    }
                }.scan(bodyPath, null);
            }
        }

        /** Whether an expression is an electron output (or a collection of them) while the graph is built. */
        private boolean electronValued(TreePath path) {
            path = unwrap(path);
            Tree tree = path.getLeaf();
            switch (tree.getKind()) {
                case IDENTIFIER: {
                    Element element = element(path);
                    return element != null && (handleLocals.containsKey(element) || handleLists.containsKey(element));
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
                    if ("get".equals(method.getSimpleName().toString())
                            && handleLists.containsKey(receiverLocal(path))) {
                        return true;
                    }
                    if (isCollectionFactory(method)) {
                        for (ExpressionTree argument : ((MethodInvocationTree) tree).getArguments()) {
                            if (electronValued(new TreePath(path, argument))) {
                                return true;
                            }
                        }
                    }
                    return false;
                }
                case NEW_ARRAY: {
                    List<? extends ExpressionTree> initializers = ((NewArrayTree) tree).getInitializers();
                    if (initializers != null) {
                        for (ExpressionTree initializer : initializers) {
                            if (electronValued(new TreePath(path, initializer))) {
                                return true;
                            }
                        }
                    }
                    return false;
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

        /** What produced an electron-valued expression, for messages: "electron 'inc'". */
        private String origin(TreePath path) {
            path = unwrap(path);
            Tree tree = path.getLeaf();
            Element element = element(path);
            if (tree instanceof IdentifierTree) {
                Holder holder =
                        handleLocals.containsKey(element) ? handleLocals.get(element) : handleLists.get(element);
                return holder == null ? "an electron" : holder.origin();
            }
            if (element instanceof ExecutableElement method) {
                if (ValenceAnnotations.isElectron(method)) {
                    return "electron '" + method.getSimpleName() + "'";
                }
                if (ValenceAnnotations.isLattice(method)) {
                    return "lattice '" + method.getSimpleName() + "'";
                }
                Holder list = handleLists.get(receiverLocal(path));
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

        // ---------------------------------------------------------------- rewriting

        /** Copies the source of a tree, rewritten; the tree is a plain Java value, not an electron output. */
        private Code rewrite(TreePath path) {
            Rewriter rewriter = new Rewriter();
            rewriter.scan(path, null);
            return assemble(start(path.getLeaf()), end(path.getLeaf()), rewriter.edits);
        }

        /** Walks plain Java code, noting the edits that turn it into graph-building code. */
        private final class Rewriter extends TreePathScanner<Void, Void> {
            private final List<Edit> edits;

            Rewriter() {
                this(new ArrayList<>());
            }

            /** A rewriter adding to the edits of another, for a subtree: scanning a path resets the scanner's own. */
            private Rewriter(List<Edit> edits) {
                this.edits = edits;
            }

            private void scanAt(TreePath path) {
                new Rewriter(edits).scan(path, null);
            }

            private void edit(Tree tree, Code code) {
                edits.add(new Edit(start(tree), end(tree), code));
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
                Tree tree = path.getLeaf();
                if (tree instanceof MethodInvocationTree
                        && element(path) instanceof ExecutableElement method
                        && ValenceAnnotations.isElectron(method)
                        && method.getReturnType().getKind() == TypeKind.VOID) {
                    report.markIncomplete(); // a void electron used as a value: javac says so
                    return true;
                }
                if (!electronValued(path)) {
                    return false;
                }
                reportMisuse(path);
                return true;
            }

            @Override
            public Void visitIdentifier(IdentifierTree identifier, Void unused) {
                Element element = element(getCurrentPath());
                if (element == null || element.asType().getKind() == TypeKind.ERROR) {
                    report.markIncomplete();
                    return null;
                }
                if (element.getEnclosingElement() != null
                        && element.getEnclosingElement().getKind() == ElementKind.ANNOTATION_TYPE) {
                    return null; // an attribute name inside an annotation
                }
                noteDeprecation(element);
                if (element instanceof TypeElement type) {
                    if (accessible(type, identifier)) {
                        edit(identifier, new Code.Type(ClassName.get(type)));
                    }
                    return null;
                }
                if (element.getKind() == ElementKind.PARAMETER
                        && lattice.getParameters().contains(element)) {
                    valueParameters.add(identifier.getName().toString());
                    return null;
                }
                boolean member = element.getKind() == ElementKind.FIELD
                        || element.getKind() == ElementKind.ENUM_CONSTANT
                        || element.getKind() == ElementKind.METHOD;
                if (member && element.getEnclosingElement() instanceof TypeElement owner) {
                    if (!element.getModifiers().contains(Modifier.STATIC)) {
                        report.markIncomplete(); // an instance member in a static method: javac reports it
                        return null;
                    }
                    if (element.getKind() == ElementKind.ENUM_CONSTANT && inCaseLabel(getCurrentPath())) {
                        return null; // case labels name enum constants unqualified
                    }
                    if (accessible(element, identifier)) {
                        edit(
                                identifier,
                                Code.of(new Code.Type(ClassName.get(owner)), Code.text("." + identifier.getName())));
                    }
                }
                return null;
            }

            @Override
            public Void visitMemberSelect(MemberSelectTree select, Void unused) {
                Element element = element(getCurrentPath());
                if (element != null && element.asType().getKind() == TypeKind.ERROR) {
                    report.markIncomplete();
                    return null;
                }
                if (element instanceof TypeElement type) {
                    noteDeprecation(type);
                    if (accessible(type, select)) {
                        edit(select, new Code.Type(ClassName.get(type)));
                    }
                    return null;
                }
                if (element instanceof PackageElement) {
                    return null;
                }
                if (element != null) {
                    noteDeprecation(element);
                    if (element.getEnclosingElement() instanceof TypeElement
                            && element.getModifiers().contains(Modifier.STATIC)
                            && (element.getKind() == ElementKind.FIELD || element.getKind() == ElementKind.METHOD)
                            && !accessible(element, select)) {
                        return null;
                    }
                }
                return super.visitMemberSelect(select, unused);
            }

            @Override
            public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
                TreePath path = getCurrentPath();
                if (!(element(path) instanceof ExecutableElement method)) {
                    report.markIncomplete(); // unresolved: javac reports it if it stays so
                    return null;
                }
                if (ValenceAnnotations.isElectron(method) || ValenceAnnotations.isLattice(method)) {
                    report.markIncomplete(); // reached only where javac rejects the call itself
                    return null;
                }
                Element receiver = receiverLocal(path);
                Holder list = handleLists.get(receiver);
                if (list == null) {
                    return super.visitMethodInvocation(invocation, unused);
                }
                String name = method.getSimpleName().toString();
                String local = receiver.getSimpleName().toString();
                List<? extends ExpressionTree> arguments = invocation.getArguments();
                switch (name) {
                    case "add":
                    case "set":
                        for (int i = 0; i < arguments.size() - 1; i++) {
                            scanAt(new TreePath(path, arguments.get(i)));
                        }
                        ExpressionTree added = arguments.get(arguments.size() - 1);
                        edit(
                                added,
                                value(new TreePath(path, added), list.type(), true, "an element of '" + local + "'"));
                        return null;
                    case "size":
                    case "isEmpty":
                        return null;
                    default:
                        report.error(
                                invocation,
                                unit,
                                "'" + local + "' collects the results of " + list.origin() + ", which are only known"
                                        + " when the graph runs; while the graph is built only add, set, get, size and"
                                        + " isEmpty work on it: pass the list to an electron that does the rest");
                        return null;
                }
            }

            @Override
            public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
                Element element = element(getCurrentPath());
                if (element instanceof ExecutableElement method
                        && (ValenceAnnotations.isElectron(method) || ValenceAnnotations.isLattice(method))) {
                    report.error(
                            reference,
                            unit,
                            "'" + reference + "' refers to "
                                    + (ValenceAnnotations.isElectron(method) ? "electron" : "lattice")
                                    + " '" + method.getSimpleName() + "' without calling it; its calls would not become"
                                    + " nodes of the graph: call it in the lattice body, in a for loop if needed");
                    return null;
                }
                return super.visitMemberReference(reference, unused);
            }

            @Override
            public Void visitVariable(VariableTree variable, Void unused) {
                TreePath path = getCurrentPath();
                Element local = element(path);
                String name = variable.getName().toString();
                scanAt(new TreePath(path, variable.getModifiers()));
                Holder holder = handleLocals.get(local);
                Holder list = handleLists.get(local);
                if (holder != null) {
                    if (!implicitlyTyped(variable)) {
                        edit(variable.getType(), new Code.HandleType(boxedName(holder.type())));
                    }
                    if (variable.getInitializer() != null) {
                        edit(
                                variable.getInitializer(),
                                value(
                                        new TreePath(path, variable.getInitializer()),
                                        holder.type(),
                                        true,
                                        "'" + name + "'"));
                    }
                    return null;
                }
                if (list != null) {
                    rewriteListDeclaration(path, variable, local, list);
                    return null;
                }
                if (!implicitlyTyped(variable)) {
                    scanAt(new TreePath(path, variable.getType()));
                }
                if (variable.getInitializer() != null) {
                    scanAt(new TreePath(path, variable.getInitializer()));
                }
                return null;
            }

            private void rewriteListDeclaration(TreePath path, VariableTree variable, Element local, Holder list) {
                String name = variable.getName().toString();
                Code.HandleCollectionType type = handleListType(local.asType(), list.type());
                ExpressionTree initializer = variable.getInitializer();
                if (type == null) {
                    report.error(
                            variable,
                            unit,
                            "'" + name + "' collects electron results, so it must be declared as a List of their type,"
                                    + " as in 'List<" + list.type() + "> " + name + " = new ArrayList<>();'");
                    return;
                }
                if (initializer == null) {
                    return;
                }
                TreePath initializerPath = unwrap(new TreePath(path, initializer));
                boolean empty = initializerPath.getLeaf() instanceof NewClassTree created
                        && created.getClassBody() == null
                        && created.getArguments().stream()
                                .allMatch(argument -> !electronValued(new TreePath(initializerPath, argument))
                                        && typeOf(new TreePath(initializerPath, argument)) != null
                                        && typeOf(new TreePath(initializerPath, argument))
                                                .getKind()
                                                .isPrimitive());
                if (!empty) {
                    report.error(
                            initializer,
                            unit,
                            "'" + name + "' collects electron results, so it must start empty: initialize it with"
                                    + " 'new ArrayList<>()' and add the results one by one");
                    return;
                }
                NewClassTree created = (NewClassTree) initializerPath.getLeaf();
                boolean diamond = created.getIdentifier() instanceof ParameterizedTypeTree parameterized
                        && parameterized.getTypeArguments().isEmpty();
                if (implicitlyTyped(variable) && diamond) {
                    report.error(
                            variable,
                            unit,
                            "'" + name + "' collects electron results; declare its type instead of 'var', as in"
                                    + " 'List<" + list.type() + "> " + name + " = new ArrayList<>();'");
                    return;
                }
                if (!implicitlyTyped(variable)) {
                    edit(variable.getType(), type);
                }
                if (created.getIdentifier() instanceof ParameterizedTypeTree parameterized && !diamond) {
                    TypeMirror createdType = typeOf(initializerPath);
                    Code.HandleCollectionType createdHandles =
                            createdType == null ? null : handleListType(createdType, list.type());
                    if (createdHandles != null) {
                        edit(parameterized, createdHandles);
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
                TreePath expression = unwrap(new TreePath(path, loop.getExpression()));
                Holder list =
                        expression.getLeaf() instanceof IdentifierTree ? handleLists.get(element(expression)) : null;
                if (list == null) {
                    return super.visitEnhancedForLoop(loop, unused);
                }
                VariableTree variable = loop.getVariable();
                TreePath variablePath = new TreePath(path, variable);
                scanAt(new TreePath(variablePath, variable.getModifiers()));
                if (!implicitlyTyped(variable)) {
                    Element element = element(variablePath);
                    TypeMirror type = element == null ? list.type() : element.asType();
                    if (!types.sameBoxed(type, list.type())) {
                        report.error(
                                variable,
                                unit,
                                "'" + variable.getName() + "' is declared " + type + " but the list holds "
                                        + list.type()
                                        + "; the graph passes values without conversion: declare it as " + list.type()
                                        + " (or var)");
                    }
                    edit(variable.getType(), new Code.HandleType(boxedName(type)));
                }
                scanAt(new TreePath(path, loop.getStatement()));
                return null;
            }

            @Override
            public Void visitAssignment(AssignmentTree assignment, Void unused) {
                TreePath path = getCurrentPath();
                TreePath target = unwrap(new TreePath(path, assignment.getVariable()));
                Element element = target.getLeaf() instanceof IdentifierTree ? element(target) : null;
                if (isLatticeParameter(element)) {
                    reportParameterAssignment(assignment, element);
                    return null;
                }
                Holder holder = handleLocals.get(element);
                if (holder != null) {
                    edit(
                            assignment.getExpression(),
                            value(
                                    new TreePath(path, assignment.getExpression()),
                                    holder.type(),
                                    true,
                                    "'" + element.getSimpleName() + "'"));
                    return null;
                }
                if (handleLists.containsKey(element)) {
                    report.error(
                            assignment,
                            unit,
                            "'" + element.getSimpleName() + "' collects electron results and cannot be replaced while"
                                    + " the graph is built; declare another list");
                    return null;
                }
                return super.visitAssignment(assignment, unused);
            }

            @Override
            public Void visitCompoundAssignment(CompoundAssignmentTree assignment, Void unused) {
                TreePath target = unwrap(new TreePath(getCurrentPath(), assignment.getVariable()));
                Element element = target.getLeaf() instanceof IdentifierTree ? element(target) : null;
                if (isLatticeParameter(element)) {
                    reportParameterAssignment(assignment, element);
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
                        TreePath target = unwrap(new TreePath(getCurrentPath(), unary.getExpression()));
                        Element element = target.getLeaf() instanceof IdentifierTree ? element(target) : null;
                        if (isLatticeParameter(element)) {
                            reportParameterAssignment(unary, element);
                            return null;
                        }
                        break;
                    default:
                        break;
                }
                return super.visitUnary(unary, unused);
            }

            @Override
            public Void visitReturn(ReturnTree statement, Void unused) {
                TreePath path = getCurrentPath();
                if (insideLambdaOrClass(path) || statement.getExpression() == null) {
                    return super.visitReturn(statement, unused);
                }
                returned = true;
                edit(
                        statement.getExpression(),
                        value(
                                new TreePath(path, statement.getExpression()),
                                lattice.getReturnType(),
                                true,
                                "the result of lattice '" + lattice.getSimpleName() + "'"));
                return null;
            }

            @Override
            public Void visitExpressionStatement(ExpressionStatementTree statement, Void unused) {
                TreePath path = unwrap(new TreePath(getCurrentPath(), statement.getExpression()));
                boolean call = path.getLeaf() instanceof MethodInvocationTree
                        && element(path) instanceof ExecutableElement method
                        && (ValenceAnnotations.isElectron(method) || ValenceAnnotations.isLattice(method));
                if (call || electronValued(path)) {
                    edit(path.getLeaf(), handle(path, null));
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
                        report.markIncomplete(); // an unreachable statement: javac reports it
                    }
                }
                return super.visitBlock(block, unused);
            }

            @Override
            public Void visitTry(TryTree tree, Void unused) {
                report.error(
                        tree,
                        unit,
                        "try statements are not supported in a lattice body: electrons fail when the graph runs, not"
                                + " while it is built, so a catch here would never see their errors; handle errors"
                                + " inside the electron (or use its retries)");
                return null;
            }

            @Override
            public Void visitSynchronized(SynchronizedTree tree, Void unused) {
                report.error(
                        tree,
                        unit,
                        "synchronized blocks are not supported in a lattice body: electrons run later, on the"
                                + " runtime's threads, outside the lock; synchronize inside the electron");
                return null;
            }

            @Override
            public Void visitClass(ClassTree tree, Void unused) {
                if (getCurrentPath().getParentPath().getLeaf() instanceof NewClassTree) {
                    return super.visitClass(tree, unused); // an anonymous class: plain code
                }
                report.error(
                        tree,
                        unit,
                        "local classes are not supported in a lattice body, which is copied into generated code:"
                                + " declare '" + tree.getSimpleName()
                                + "' as a (static nested) class outside the lattice");
                return null;
            }
        }

        private void reportParameterAssignment(Tree tree, Element parameter) {
            report.error(
                    tree,
                    unit,
                    "parameter '" + parameter.getSimpleName() + "' is an input of the graph and cannot be reassigned in"
                            + " a lattice: declare a local for the new value, as in 'int next = "
                            + parameter.getSimpleName() + " + 1;'");
        }

        /** Reports an electron output used where the graph needs a plain value. */
        private void reportMisuse(TreePath path) {
            Tree tree = path.getLeaf();
            String origin = origin(path);
            if (insideLambdaOrClass(path)) {
                if (tree instanceof MethodInvocationTree && element(path) instanceof ExecutableElement method) {
                    report.error(
                            tree,
                            unit,
                            "calls of " + origin + " inside a lambda or an anonymous class do not become nodes of the"
                                    + " graph: call '" + method.getSimpleName() + "' in the lattice body itself (a for"
                                    + " loop instead of forEach or a stream)");
                } else {
                    report.error(
                            tree,
                            unit,
                            "the result of " + origin
                                    + " is only known when the graph runs, so it cannot be captured by"
                                    + " a lambda or an anonymous class while the graph is built: " + FIX_COMPUTE);
                }
                return;
            }
            String decision = decision(path);
            if (decision != null) {
                report.error(
                        tree,
                        unit,
                        "the result of " + origin + " is only known when the graph runs, so it cannot " + decision
                                + " while the graph is built (the graph's shape may depend on inputs only): "
                                + FIX_DECIDE);
                return;
            }
            TreePath parentPath = path.getParentPath();
            while (parentPath.getLeaf() instanceof ParenthesizedTree) {
                parentPath = parentPath.getParentPath();
            }
            Tree parent = parentPath.getLeaf();
            String what = "be used here";
            String fix = FIX_COMPUTE;
            switch (parent.getKind()) {
                case IF:
                case WHILE_LOOP:
                case DO_WHILE_LOOP:
                case CONDITIONAL_EXPRESSION:
                case ASSERT:
                    what = "decide a condition";
                    fix = FIX_DECIDE;
                    break;
                case FOR_LOOP:
                    what = "bound a loop";
                    fix = FIX_DECIDE;
                    break;
                case ENHANCED_FOR_LOOP:
                    what = "be looped over (the number of nodes would depend on it)";
                    fix = "pass it to an electron that loops, or to a lattice, which then runs as a dynamic"
                            + " sublattice and can loop over the value";
                    break;
                case SWITCH:
                    what = "select a switch case";
                    fix = FIX_DECIDE;
                    break;
                case MEMBER_SELECT: {
                    String member = ((MemberSelectTree) parent).getIdentifier().toString();
                    Tree grandParent = parentPath.getParentPath().getLeaf();
                    what = grandParent instanceof MethodInvocationTree invocation
                                    && invocation.getMethodSelect() == parent
                            ? "have its method '" + member + "' called"
                            : "have its field '" + member + "' read";
                    break;
                }
                case METHOD_INVOCATION: {
                    MethodInvocationTree invocation = (MethodInvocationTree) parent;
                    String method = methodName(invocation);
                    Element receiver = receiverLocal(parentPath);
                    if (receiver != null
                            && Set.of("add", "put", "set", "offer", "push", "addAll", "putAll")
                                    .contains(method)) {
                        what = "be collected in '" + receiver.getSimpleName() + "'";
                        fix = "collect electron results in a List local ('List<T> results = new ArrayList<>();' and"
                                + " 'results.add(...)'), or pass a literal such as Map.of(\"key\", result) to an electron";
                    } else {
                        what = "be passed to '" + method + "', which is not an @Electron";
                        fix = "mark '" + method + "' @Electron, or pass the result to an electron that calls it";
                    }
                    break;
                }
                case NEW_CLASS:
                    what = "be passed to a constructor";
                    break;
                case ASSIGNMENT: {
                    Tree target = ((AssignmentTree) parent).getVariable();
                    Element element = element(new TreePath(parentPath, target));
                    if (target.getKind() == Tree.Kind.ARRAY_ACCESS) {
                        what = "be stored in an array";
                        fix = "collect electron results in a List local ('List<T> results = new ArrayList<>();')";
                    } else if (element != null && element.getKind() == ElementKind.FIELD) {
                        what = "be stored in field '" + element.getSimpleName() + "'";
                        fix = "keep it in a local of the lattice, or return it";
                    }
                    break;
                }
                case ARRAY_ACCESS:
                    what = "index an array or be indexed";
                    break;
                case TYPE_CAST:
                    what = "be converted with a cast";
                    fix = "give the electron the return type you need, or convert inside an electron";
                    break;
                case INSTANCE_OF:
                    what = "be tested with instanceof";
                    fix = FIX_DECIDE;
                    break;
                case PLUS:
                    TypeMirror type = typeOf(parentPath);
                    what = type != null && type.toString().equals("java.lang.String")
                            ? "be concatenated into a string"
                            : "be used in arithmetic";
                    break;
                default:
                    if (parent instanceof CompoundAssignmentTree
                            || parent instanceof UnaryTree
                            || parent instanceof com.sun.source.tree.BinaryTree) {
                        what = "be used in arithmetic or a comparison";
                    } else if (parent.getKind().name().startsWith("SWITCH")) {
                        what = "select a switch case";
                        fix = FIX_DECIDE;
                    }
                    break;
            }
            report.error(
                    tree,
                    unit,
                    "the result of " + origin + " is only known when the graph runs, so it cannot " + what
                            + " while the graph is built: " + fix);
        }

        /**
         * Whether an expression is part of what decides the graph's shape: the condition of an if, a
         * loop or a conditional, a loop's bound, a switch's selector.
         *
         * @return what it would decide, or null
         */
        private String decision(TreePath path) {
            for (TreePath at = path; at.getParentPath() != null; at = at.getParentPath()) {
                Tree child = at.getLeaf();
                Tree parent = at.getParentPath().getLeaf();
                if (parent instanceof com.sun.source.tree.IfTree tree && tree.getCondition() == child
                        || parent instanceof com.sun.source.tree.WhileLoopTree loop && loop.getCondition() == child
                        || parent instanceof com.sun.source.tree.DoWhileLoopTree doLoop
                                && doLoop.getCondition() == child
                        || parent instanceof ConditionalExpressionTree conditional
                                && conditional.getCondition() == child) {
                    return "decide a condition";
                }
                if (parent instanceof com.sun.source.tree.ForLoopTree loop && loop.getCondition() == child) {
                    return "bound a loop";
                }
                if (parent instanceof com.sun.source.tree.SwitchTree selector && selector.getExpression() == child) {
                    return "select a switch case";
                }
                if (parent instanceof com.sun.source.tree.SwitchExpressionTree selector
                        && selector.getExpression() == child) {
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

        // ---------------------------------------------------------------- values and handles

        /**
         * Writes a value passed to the graph (an electron or lattice argument, a collection part, a
         * result local or the lattice's result) as a handle expression.
         *
         * @param target the type it is passed as
         * @param exact whether the handle's type must be the target type exactly (locals and results:
         *     {@code Handle} is invariant), rather than assignable to it (arguments)
         * @param role what the value is, for messages
         */
        private Code value(TreePath path, TypeMirror target, boolean exact, String role) {
            path = unwrap(path);
            Tree tree = path.getLeaf();
            if (electronValued(path)) {
                TypeMirror type = valueType(path);
                if (type == null) {
                    return Code.text("");
                }
                boolean fits = exact ? types.sameBoxed(type, target) : types.boxedAssignable(type, target);
                if (!fits) {
                    if (!env.types().isAssignable(type, target) && !types.boxedAssignable(type, target)) {
                        report.markIncomplete(); // javac reports the incompatible types itself
                    } else {
                        report.error(
                                tree,
                                unit,
                                "'" + tree + "' is " + type + " but " + role + " is " + target + "; the graph passes"
                                        + " values without conversion: make the types match, or convert inside an"
                                        + " electron");
                    }
                    return Code.text("");
                }
                return handle(path, target);
            }
            if (tree.getKind() == Tree.Kind.NULL_LITERAL) {
                report.error(
                        tree,
                        unit,
                        "null cannot be " + role + ": graph values are never null; pass a real value, or let an"
                                + " electron handle the missing case");
                return Code.text("");
            }
            TypeMirror type = typeOf(path);
            if (type == null) {
                return Code.text("");
            }
            Element element = tree instanceof IdentifierTree ? element(path) : null;
            if (isLatticeParameter(element)
                    && (exact ? types.sameBoxed(type, target) : types.boxedAssignable(type, target))) {
                handleParameters.add(element.getSimpleName().toString());
                return new Code.InputHandle(element.getSimpleName().toString());
            }
            return constant(rewrite(path), tree, type, target);
        }

        /** The type of the value an electron-valued expression stands for. */
        private TypeMirror valueType(TreePath path) {
            Element element = path.getLeaf() instanceof IdentifierTree ? element(path) : null;
            Holder list = handleLists.get(element);
            if (list != null) {
                return types.listOf(list.type());
            }
            return typeOf(path);
        }

        /** Writes an electron-valued expression (or an electron call whose result is unused) as a handle. */
        private Code handle(TreePath path, TypeMirror target) {
            path = unwrap(path);
            Tree tree = path.getLeaf();
            Element element = element(path);
            switch (tree.getKind()) {
                case IDENTIFIER: {
                    Holder list = handleLists.get(element);
                    if (list != null) {
                        return new Code.HandleList(
                                canonicalTypes.of(types.listOf(list.type())),
                                Code.text(element.getSimpleName().toString()));
                    }
                    return Code.text(element.getSimpleName().toString());
                }
                case METHOD_INVOCATION: {
                    ExecutableElement method = (ExecutableElement) element;
                    if (ValenceAnnotations.isElectron(method)) {
                        return electronCall(path, method);
                    }
                    if (ValenceAnnotations.isLattice(method)) {
                        return latticeCall(path, method);
                    }
                    if (isCollectionFactory(method)) {
                        return collection(path);
                    }
                    MethodInvocationTree get = (MethodInvocationTree) tree;
                    Element receiver = receiverLocal(path);
                    return Code.of(
                            Code.text(receiver.getSimpleName() + ".get("),
                            rewrite(new TreePath(path, get.getArguments().get(0))),
                            Code.text(")"));
                }
                case NEW_ARRAY:
                    return collection(path);
                case CONDITIONAL_EXPRESSION: {
                    ConditionalExpressionTree conditional = (ConditionalExpressionTree) tree;
                    TreePath whenTrue = new TreePath(path, conditional.getTrueExpression());
                    TreePath whenFalse = new TreePath(path, conditional.getFalseExpression());
                    TypeMirror type = target != null ? target : typeOf(path);
                    if (type == null) {
                        return Code.text("");
                    }
                    return Code.of(
                            Code.text("("),
                            rewrite(new TreePath(path, conditional.getCondition())),
                            Code.text(" ? "),
                            value(whenTrue, type, true, "this branch"),
                            Code.text(" : "),
                            value(whenFalse, type, true, "this branch"),
                            Code.text(")"));
                }
                default:
                    throw new IllegalStateException("not an electron output: " + tree);
            }
        }

        private Code electronCall(TreePath path, ExecutableElement method) {
            MethodInvocationTree invocation = (MethodInvocationTree) path.getLeaf();
            String name = method.getSimpleName().toString();
            if (insideLambdaOrClass(path)) {
                reportMisuse(path);
                return Code.text("");
            }
            ExpressionTree select = invocation.getMethodSelect();
            if (select instanceof MemberSelectTree member
                    && !(element(new TreePath(new TreePath(path, select), member.getExpression()))
                            instanceof TypeElement)) {
                report.error(
                        invocation,
                        unit,
                        "call electron '" + name + "' through its class name, as in "
                                + method.getEnclosingElement().getSimpleName() + "." + name + "(...)");
                return Code.text("");
            }
            if (electronValidator.validate(method).hasErrors()) {
                report.error(
                        invocation,
                        unit,
                        "electron '" + name + "' cannot be called until its own errors are fixed (they are reported"
                                + " at its declaration)");
                return Code.text("");
            }
            List<? extends ExpressionTree> arguments = invocation.getArguments();
            if (arguments.size() != method.getParameters().size()) {
                report.error(
                        invocation,
                        unit,
                        "electron '" + name + "' takes a variable number of arguments; in a lattice, pass exactly one"
                                + " value per parameter (the last one as an array)");
                return Code.text("");
            }
            List<? extends TypeMirror> parameterTypes = calledParameterTypes(path, method);
            List<Code> values = new ArrayList<>();
            for (int i = 0; i < arguments.size(); i++) {
                VariableElement parameter = method.getParameters().get(i);
                values.add(value(
                        new TreePath(path, arguments.get(i)),
                        parameterTypes.get(i),
                        false,
                        "parameter '" + parameter.getSimpleName() + "' of electron '" + name + "'"));
            }
            Optional<TypeName> resultType = Optional.empty();
            String canonicalResult = "";
            if (!method.getTypeParameters().isEmpty() && method.getReturnType().getKind() != TypeKind.VOID) {
                TypeMirror result = typeOf(path);
                if (result == null) {
                    return Code.text("");
                }
                if (!TypeMirrors.denotable(result)) {
                    report.error(
                            invocation,
                            unit,
                            "the result of generic electron '" + name + "' is inferred as " + result + " here, a type"
                                    + " the generated code cannot name: pass arguments of concrete types (declare"
                                    + " the local you pass, or add a type witness: "
                                    + method.getEnclosingElement().getSimpleName() + ".<Type>" + name + "(...))");
                    return Code.text("");
                }
                resultType = Optional.of(boxedName(result));
                canonicalResult = canonicalTypes.of(result);
            }
            TypeElement owner = (TypeElement) method.getEnclosingElement();
            return new Code.ElectronCall(GeneratedNames.electrons(owner), name, resultType, canonicalResult, values);
        }

        private Code latticeCall(TreePath path, ExecutableElement callee) {
            MethodInvocationTree invocation = (MethodInvocationTree) path.getLeaf();
            String name = callee.getSimpleName().toString();
            if (insideLambdaOrClass(path)) {
                reportMisuse(path);
                return Code.text("");
            }
            List<String> cycle = cycle(callee);
            if (!cycle.isEmpty()) {
                report.error(
                        invocation,
                        unit,
                        "lattice '" + lattice.getSimpleName() + "' calls itself"
                                + (cycle.size() > 1 ? " (through " + String.join(" -> ", cycle) + ")" : "")
                                + "; a lattice's graph must be finite, so lattices cannot be recursive: iterate with a"
                                + " loop over an input, or move the repetition into an electron");
                return Code.text("");
            }
            if (latticeValidator.validate(callee).hasErrors()) {
                report.error(
                        invocation,
                        unit,
                        "lattice '" + name + "' cannot be called until its own errors are fixed (they are reported at"
                                + " its declaration)");
                return Code.text("");
            }
            TypeElement owner = (TypeElement) callee.getEnclosingElement();
            ClassName lattices = GeneratedNames.lattices(owner);
            List<? extends ExpressionTree> arguments = invocation.getArguments();
            boolean dynamic = arguments.stream().anyMatch(argument -> electronValued(new TreePath(path, argument)));
            List<Code> values = new ArrayList<>();
            if (!dynamic) {
                for (ExpressionTree argument : arguments) {
                    values.add(rewrite(new TreePath(path, argument)));
                }
                return new Code.Expansion(lattices, GeneratedNames.expandMethod(name), values);
            }
            if (arguments.size() != callee.getParameters().size()) {
                report.error(
                        invocation,
                        unit,
                        "lattice '" + name + "' takes a variable number of arguments; when an electron's result is"
                                + " among them, pass exactly one value per parameter (the last one as an array)");
                return Code.text("");
            }
            for (int i = 0; i < arguments.size(); i++) {
                VariableElement parameter = callee.getParameters().get(i);
                values.add(value(
                        new TreePath(path, arguments.get(i)),
                        parameter.asType(),
                        false,
                        "parameter '" + parameter.getSimpleName() + "' of lattice '" + name + "'"));
            }
            return new Code.Sublattice(lattices, GeneratedNames.latticeAccessor(name), values);
        }

        /**
         * Finds a path of lattice calls from {@code callee} back to this lattice, through lattices of
         * the same class (their bodies are read; other classes' bodies are not, so that the
         * processor stays isolating).
         *
         * @return the lattices on the way, from {@code callee} to this one; empty when there is no cycle
         */
        private List<String> cycle(ExecutableElement callee) {
            Map<ExecutableElement, ExecutableElement> cameFrom = new HashMap<>();
            Deque<ExecutableElement> pending = new ArrayDeque<>();
            pending.add(callee);
            cameFrom.put(callee, callee);
            while (!pending.isEmpty()) {
                ExecutableElement current = pending.remove();
                if (current.equals(lattice)) {
                    List<String> way = new ArrayList<>();
                    for (ExecutableElement at = current; ; at = cameFrom.get(at)) {
                        way.add(0, "'" + at.getSimpleName() + "'");
                        if (cameFrom.get(at).equals(at)) {
                            return way;
                        }
                    }
                }
                if (!current.getEnclosingElement().equals(lattice.getEnclosingElement())) {
                    continue;
                }
                for (ExecutableElement next : latticesCalledBy(current)) {
                    if (!cameFrom.containsKey(next)) {
                        cameFrom.put(next, current);
                        pending.add(next);
                    }
                }
            }
            return List.of();
        }

        private Set<ExecutableElement> latticesCalledBy(ExecutableElement method) {
            Set<ExecutableElement> called = new LinkedHashSet<>();
            TreePath path = env.trees().getPath(method);
            if (path == null) {
                return called;
            }
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
                    if (element(getCurrentPath()) instanceof ExecutableElement target
                            && ValenceAnnotations.isLattice(target)
                            && !ValenceAnnotations.isElectron(target)) {
                        called.add(target);
                    }
                    return super.visitMethodInvocation(invocation, unused);
                }
            }.scan(path, null);
            return called;
        }

        /** A collection literal holding electron outputs, as a collection node. */
        private Code collection(TreePath path) {
            List<Code> parts = new ArrayList<>();
            StringBuilder shape = new StringBuilder();
            Code assemble = template(path, parts, shape);
            TypeMirror type = typeOf(path);
            if (type == null) {
                return Code.text("");
            }
            return new Code.Collection(canonicalTypes.of(type), shape.toString(), assemble, parts);
        }

        private Code template(TreePath path, List<Code> parts, StringBuilder shape) {
            path = unwrap(path);
            Tree tree = path.getLeaf();
            List<Code> codes = new ArrayList<>();
            List<? extends ExpressionTree> elements;
            if (tree instanceof NewArrayTree array) {
                TypeMirror type = typeOf(path);
                if (type == null) {
                    return Code.text("");
                }
                shape.append("new ").append(canonicalTypes.of(type)).append(" {");
                codes.add(Code.text("new "));
                codes.add(new Code.Type(TypeName.get(type)));
                codes.add(Code.text(" {"));
                elements = array.getInitializers();
            } else {
                ExecutableElement method = (ExecutableElement) element(path);
                TypeElement owner = (TypeElement) method.getEnclosingElement();
                shape.append(owner.getQualifiedName())
                        .append('.')
                        .append(method.getSimpleName())
                        .append('(');
                codes.add(new Code.Type(ClassName.get(owner)));
                codes.add(Code.text("." + method.getSimpleName() + "("));
                elements = ((MethodInvocationTree) tree).getArguments();
            }
            for (int i = 0; i < elements.size(); i++) {
                if (i > 0) {
                    shape.append(", ");
                    codes.add(Code.text(", "));
                }
                codes.add(part(new TreePath(path, elements.get(i)), parts, shape));
            }
            shape.append(tree instanceof NewArrayTree ? "}" : ")");
            codes.add(Code.text(tree instanceof NewArrayTree ? "}" : ")"));
            return new Code.Sequence(codes);
        }

        private Code part(TreePath path, List<Code> parts, StringBuilder shape) {
            path = unwrap(path);
            Tree tree = path.getLeaf();
            if (electronValued(path) && isCollectionLiteral(path)) {
                return template(path, parts, shape);
            }
            TypeMirror type = electronValued(path) ? valueType(path) : typeOf(path);
            if (type == null) {
                return Code.text("");
            }
            if (!electronValued(path)) {
                Object constant = constantValue(path);
                if (constant != null) {
                    shape.append(env.elements().getConstantExpression(constant));
                    return rewrite(path);
                }
            }
            int index = parts.size();
            parts.add(value(path, type, true, "an element of this collection"));
            shape.append('$').append(index);
            TypeMirror boxed = types.box(type);
            boolean object = boxed.getKind() == TypeKind.DECLARED
                    && ((TypeElement) ((DeclaredType) boxed).asElement())
                            .getQualifiedName()
                            .contentEquals("java.lang.Object");
            if (object || !TypeMirrors.denotable(boxed)) {
                return new Code.Part(index, Optional.empty());
            }
            if (boxed instanceof DeclaredType declared
                    && !declared.getTypeArguments().isEmpty()) {
                warnings.add("unchecked");
            }
            if (tree.getKind() == Tree.Kind.NULL_LITERAL) {
                return Code.text("");
            }
            return new Code.Part(index, Optional.of(TypeName.get(boxed)));
        }

        /** A literal or a compile-time constant field, written into the collection's shape as is. */
        private Object constantValue(TreePath path) {
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
         * A plain value passed to the graph, as a constant node. A primitive value takes the primitive
         * type it is passed as ({@code 2} for a {@code double} becomes {@code (double) 2}), because
         * the graph hands values over without Java's widening.
         */
        private Code constant(Code code, Tree tree, TypeMirror type, TypeMirror target) {
            PrimitiveType targetPrimitive = types.primitiveOf(target);
            PrimitiveType valuePrimitive = types.primitiveOf(type);
            if (targetPrimitive != null
                    && valuePrimitive != null
                    && targetPrimitive.getKind() != valuePrimitive.getKind()) {
                Code operand = simple(tree) ? code : Code.of(Code.text("("), code, Code.text(")"));
                return new Code.Constant(
                        Code.of(Code.text("(" + targetPrimitive + ") "), operand), canonicalTypes.of(targetPrimitive));
            }
            boolean plainType = valuePrimitive != null || GraphTypes.isString(type);
            TypeMirror constantType = plainType || !TypeMirrors.denotable(target) ? type : target;
            return new Code.Constant(code, canonicalTypes.of(constantType));
        }

        // ---------------------------------------------------------------- source text

        private Code assemble(long start, long end, List<Edit> edits) {
            List<Edit> sorted = new ArrayList<>(edits);
            sorted.sort(Comparator.comparingLong(Edit::start));
            List<Code> parts = new ArrayList<>();
            long at = start;
            for (Edit edit : sorted) {
                if (edit.start() < at || edit.end() > end) {
                    continue;
                }
                if (edit.start() > at) {
                    parts.add(Code.text(slice(at, edit.start())));
                }
                parts.add(edit.code());
                at = edit.end();
            }
            if (at < end) {
                parts.add(Code.text(slice(at, end)));
            }
            return parts.size() == 1 ? parts.get(0) : new Code.Sequence(parts);
        }

        /** The source between two positions, with the body's indentation removed from each new line. */
        private String slice(long start, long end) {
            String text = source.subSequence((int) start, (int) end).toString();
            StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                out.append(c);
                if (c == '\n') {
                    int skipped = 0;
                    while (skipped < column
                            && i + 1 < text.length()
                            && (text.charAt(i + 1) == ' ' || text.charAt(i + 1) == '\t')) {
                        i++;
                        skipped++;
                    }
                }
            }
            return out.toString();
        }

        private int columnOf(long position) {
            int column = 0;
            for (long i = position - 1; i >= 0 && source.charAt((int) i) != '\n'; i--) {
                column++;
            }
            return column;
        }

        private long start(Tree tree) {
            long start = positions.getStartPosition(unit, tree);
            if (start < 0) {
                throw new IllegalStateException("no source position for " + tree);
            }
            return start;
        }

        private long end(Tree tree) {
            long end = positions.getEndPosition(unit, tree);
            if (end < 0) {
                throw new IllegalStateException("no end position for " + tree);
            }
            return end;
        }

        /** Whether a variable is declared without a type of its own in the source ({@code var}, lambda parameters). */
        private boolean implicitlyTyped(VariableTree variable) {
            Tree type = variable.getType();
            if (type == null) {
                return true;
            }
            long start = positions.getStartPosition(unit, type);
            long end = positions.getEndPosition(unit, type);
            return start < 0 || end <= start || "var".contentEquals(source.subSequence((int) start, (int) end));
        }

        // ---------------------------------------------------------------- helpers

        private Element element(TreePath path) {
            return env.trees().getElement(path);
        }

        private TypeMirror typeOf(TreePath path) {
            TypeMirror type = env.trees().getTypeMirror(path);
            if (type == null || type.getKind() == TypeKind.ERROR || TypeMirrors.containsError(type)) {
                report.markIncomplete();
                return null;
            }
            return type;
        }

        private List<? extends TypeMirror> calledParameterTypes(TreePath path, ExecutableElement method) {
            MethodInvocationTree invocation = (MethodInvocationTree) path.getLeaf();
            TypeMirror called = env.trees().getTypeMirror(new TreePath(path, invocation.getMethodSelect()));
            if (called instanceof ExecutableType executable
                    && executable.getParameterTypes().size()
                            == method.getParameters().size()) {
                return executable.getParameterTypes();
            }
            return method.getParameters().stream().map(Element::asType).toList();
        }

        private boolean isLocal(Element element) {
            return element != null
                    && (element.getKind() == ElementKind.LOCAL_VARIABLE
                            || element.getKind() == ElementKind.RESOURCE_VARIABLE);
        }

        private boolean isLatticeParameter(Element element) {
            return element != null
                    && element.getKind() == ElementKind.PARAMETER
                    && lattice.getParameters().contains(element);
        }

        /** The local a method is called on ({@code results} in {@code results.add(x)}), if any. */
        private Element receiverLocal(TreePath invocationPath) {
            if (!(invocationPath.getLeaf() instanceof MethodInvocationTree invocation)
                    || !(invocation.getMethodSelect() instanceof MemberSelectTree select)) {
                return null;
            }
            TreePath receiver = unwrap(new TreePath(new TreePath(invocationPath, select), select.getExpression()));
            if (!(receiver.getLeaf() instanceof IdentifierTree)) {
                return null;
            }
            Element element = element(receiver);
            return isLocal(element) ? element : null;
        }

        private String methodName(MethodInvocationTree invocation) {
            ExpressionTree select = invocation.getMethodSelect();
            return select instanceof MemberSelectTree member
                    ? member.getIdentifier().toString()
                    : ((IdentifierTree) select).getName().toString();
        }

        private boolean isCollectionFactory(ExecutableElement method) {
            return method.getEnclosingElement() instanceof TypeElement owner
                    && COLLECTION_FACTORIES.contains(owner.getQualifiedName() + "#" + method.getSimpleName());
        }

        private boolean isCollectionLiteral(TreePath path) {
            Tree tree = path.getLeaf();
            if (tree instanceof NewArrayTree array) {
                return array.getInitializers() != null;
            }
            return tree instanceof MethodInvocationTree
                    && element(path) instanceof ExecutableElement method
                    && isCollectionFactory(method);
        }

        private boolean insideLambdaOrClass(TreePath path) {
            for (TreePath at = path.getParentPath();
                    at != null && at.getLeaf() != bodyPath.getLeaf();
                    at = at.getParentPath()) {
                if (at.getLeaf() instanceof LambdaExpressionTree || at.getLeaf() instanceof ClassTree) {
                    return true;
                }
            }
            return false;
        }

        private boolean inCaseLabel(TreePath path) {
            Tree parent = path.getParentPath().getLeaf();
            return parent.getKind() == Tree.Kind.CASE
                    || "CONSTANT_CASE_LABEL".equals(parent.getKind().name());
        }

        /** Checks that the generated class, another class of the same package, can use a member. */
        private boolean accessible(Element element, Tree at) {
            for (Element current = element; current instanceof TypeElement || current == element; ) {
                Set<Modifier> modifiers = current.getModifiers();
                boolean samePackage =
                        env.elements().getPackageOf(current).getQualifiedName().contentEquals(generatedPackage);
                if (current instanceof TypeElement type
                        && (type.getNestingKind() == NestingKind.LOCAL
                                || type.getNestingKind() == NestingKind.ANONYMOUS)) {
                    return true; // declared inside the body itself (reported there), or javac's business
                }
                if (modifiers.contains(Modifier.PRIVATE)) {
                    report.error(
                            at,
                            unit,
                            "'" + current.getSimpleName() + "' is private; the generated graph builder in "
                                    + generatedClass + " cannot " + use(current) + " it: make it package-private");
                    return false;
                }
                if (!samePackage && !modifiers.contains(Modifier.PUBLIC)) {
                    report.error(
                            at,
                            unit,
                            "'" + current.getSimpleName() + "' is not public; the generated graph builder in "
                                    + generatedPackage + "." + generatedClass + " cannot " + use(current)
                                    + " it from another package: make it public");
                    return false;
                }
                current = current.getEnclosingElement();
                if (current instanceof PackageElement) {
                    break;
                }
            }
            return true;
        }

        private String use(Element element) {
            switch (element.getKind()) {
                case METHOD:
                    return "call";
                case FIELD:
                case ENUM_CONSTANT:
                    return "read";
                default:
                    return "name";
            }
        }

        private void noteDeprecation(Element element) {
            if (env.elements().isDeprecated(element)) {
                warnings.add("deprecation");
            }
        }

        private List<String> suppressedWarnings() {
            List<String> suppressed = new ArrayList<>();
            for (Element at = lattice; at != null && !(at instanceof PackageElement); at = at.getEnclosingElement()) {
                for (AnnotationMirror annotation : at.getAnnotationMirrors()) {
                    TypeElement type =
                            (TypeElement) annotation.getAnnotationType().asElement();
                    if (!type.getQualifiedName().contentEquals("java.lang.SuppressWarnings")) {
                        continue;
                    }
                    ValenceAnnotations.explicitValue(annotation, "value").ifPresent(value -> {
                        if (value.getValue() instanceof List<?> values) {
                            for (Object item : values) {
                                suppressed.add(String.valueOf(((AnnotationValue) item).getValue()));
                            }
                        }
                    });
                }
            }
            return suppressed;
        }

        private List<String> declaredNames() {
            Set<String> names = new TreeSet<>();
            lattice.getParameters()
                    .forEach(parameter -> names.add(parameter.getSimpleName().toString()));
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitVariable(VariableTree variable, Void unused) {
                    names.add(variable.getName().toString());
                    return super.visitVariable(variable, unused);
                }
            }.scan(bodyPath, null);
            return new ArrayList<>(names);
        }

        /** {@code List<Handle<E>>} for a local declared {@code List<E>} (or {@code ArrayList<E>} ...). */
        private Code.HandleCollectionType handleListType(TypeMirror declared, TypeMirror element) {
            if (declared instanceof DeclaredType type
                    && type.getTypeArguments().size() == 1
                    && types.sameBoxed(type.getTypeArguments().get(0), element)) {
                return new Code.HandleCollectionType(ClassName.get((TypeElement) type.asElement()), boxedName(element));
            }
            return null;
        }

        private TypeName boxedName(TypeMirror type) {
            return TypeName.get(types.box(type));
        }
    }

    /** Whether an expression needs no parentheses after a cast. */
    private static boolean simple(Tree tree) {
        switch (tree.getKind()) {
            case IDENTIFIER:
            case MEMBER_SELECT:
            case METHOD_INVOCATION:
            case PARENTHESIZED:
            case ARRAY_ACCESS:
            case NEW_CLASS:
            case INT_LITERAL:
            case LONG_LITERAL:
            case FLOAT_LITERAL:
            case DOUBLE_LITERAL:
            case CHAR_LITERAL:
            case BOOLEAN_LITERAL:
            case STRING_LITERAL:
                return true;
            default:
                return false;
        }
    }

    private static TreePath unwrap(TreePath path) {
        while (path.getLeaf() instanceof ParenthesizedTree parenthesized) {
            path = new TreePath(path, parenthesized.getExpression());
        }
        return path;
    }
}
