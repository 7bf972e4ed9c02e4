package dev.valence.processor.validation;

import com.palantir.javapoet.TypeName;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.valence.processor.common.CanonicalTypes;
import dev.valence.processor.common.Env;
import dev.valence.processor.common.ValenceAnnotations;
import dev.valence.processor.model.GeneratedNames;
import dev.valence.processor.model.GraphValue;
import dev.valence.processor.model.LatticeBody;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Reads the body of a {@code @Lattice} method, checks it against the lattice language of this
 * version, and translates it into a {@link LatticeBody}.
 *
 * <p>The language is a straight line: locals initialized by electron calls, electron calls whose
 * result is unused, and a final {@code return}. Electron arguments are lattice parameters, earlier
 * electron results, nested electron calls, literals and compile-time constants. Everything else
 * is reported at the offending statement or expression, with what to do instead.
 *
 * <p>Calls are resolved with {@code Trees.getElement}, which attributes the class on demand. What
 * does not resolve (a typo, or a type generated later) makes the reading incomplete, and the class
 * is retried in a later round; javac reports whatever is still unresolved at the end.
 */
public final class LatticeBodyReader {
    private static final String STRAIGHT_LINE =
            "lattice bodies are straight-line in this version: move the logic into an electron";

    private final Env env;
    private final CanonicalTypes canonicalTypes;
    private final ElectronValidator electronValidator = new ElectronValidator();

    /**
     * @param env the compiler services
     * @param canonicalTypes writes the types of constants
     */
    public LatticeBodyReader(Env env, CanonicalTypes canonicalTypes) {
        this.env = env;
        this.canonicalTypes = canonicalTypes;
    }

    /**
     * The outcome of reading one body.
     *
     * @param report the findings
     * @param body the translated body; present only when the report is clean
     */
    public record Reading(ValidationReport report, Optional<LatticeBody> body) {}

    /**
     * @param lattice a {@code @Lattice} method whose declaration passed {@link LatticeValidator}
     * @return the findings, and the body when there are none
     */
    public Reading read(ExecutableElement lattice) {
        return new Run(lattice).read();
    }

    /** A value read from the body: what the graph makes of it, and its Java type. */
    private record Read(GraphValue value, TypeMirror type) {}

    /** A local that holds an electron's result. */
    private record ResultLocal(String electron, TypeMirror type) {}

    /** The state of reading one body. */
    private final class Run {
        private final ExecutableElement lattice;
        private final ValidationReport report = new ValidationReport();
        private final Map<Element, ResultLocal> resultLocals = new HashMap<>();
        /** Locals whose declaration was already reported; uses of them are not reported again. */
        private final Set<Element> brokenLocals = new HashSet<>();

        private final List<LatticeBody.Statement> statements = new ArrayList<>();
        private CompilationUnitTree unit;
        private GraphValue result;
        private boolean returned;

        Run(ExecutableElement lattice) {
            this.lattice = lattice;
        }

        Reading read() {
            TreePath methodPath = env.trees().getPath(lattice);
            if (methodPath == null || ((MethodTree) methodPath.getLeaf()).getBody() == null) {
                report.error(lattice, "lattice '" + lattice.getSimpleName() + "' needs a body in this compilation");
                return new Reading(report, Optional.empty());
            }
            unit = methodPath.getCompilationUnit();
            BlockTree body = ((MethodTree) methodPath.getLeaf()).getBody();
            TreePath bodyPath = new TreePath(methodPath, body);
            for (StatementTree statement : body.getStatements()) {
                if (returned) {
                    report.error(
                            statement,
                            unit,
                            "this statement comes after the lattice's return and never runs; remove it");
                    break;
                }
                readStatement(new TreePath(bodyPath, statement));
            }
            if (!returned && !report.hasErrors() && !report.isIncomplete()) {
                report.error(
                        lattice,
                        "lattice '" + lattice.getSimpleName() + "' must end with 'return' of an electron's"
                                + " result (or of a parameter or a constant)");
            }
            return new Reading(
                    report, report.isClean() ? Optional.of(new LatticeBody(statements, result)) : Optional.empty());
        }

        private void readStatement(TreePath path) {
            Tree statement = path.getLeaf();
            switch (statement.getKind()) {
                case VARIABLE:
                    readDeclaration(path, (VariableTree) statement);
                    break;
                case EXPRESSION_STATEMENT:
                    ExpressionTree expression = ((ExpressionStatementTree) statement).getExpression();
                    readExpressionStatement(new TreePath(path, expression), expression);
                    break;
                case RETURN:
                    returned = true;
                    ExpressionTree value = ((ReturnTree) statement).getExpression();
                    if (value != null) {
                        readReturn(new TreePath(path, value));
                    }
                    break;
                case EMPTY_STATEMENT:
                    break;
                default:
                    report.error(statement, unit, STRAIGHT_LINE);
            }
        }

        private void readDeclaration(TreePath path, VariableTree declaration) {
            Element local = env.trees().getElement(path);
            String name = declaration.getName().toString();
            ExpressionTree initializer = declaration.getInitializer();
            if (initializer == null) {
                brokenLocals.add(local);
                report.error(
                        declaration,
                        unit,
                        "local '" + name + "' has no value: in a lattice every local holds an electron's result;"
                                + " declare it with the call, as in 'int " + name + " = task(a);'");
                return;
            }
            TreePath initializerPath = unwrapParentheses(new TreePath(path, initializer));
            if (initializerPath.getLeaf().getKind() != Tree.Kind.METHOD_INVOCATION) {
                brokenLocals.add(local);
                if (!reportUseOfResult(initializerPath)) {
                    report.error(
                            initializer,
                            unit,
                            "local '" + name + "' must be initialized by an electron call in this version;"
                                    + " compute this value inside an electron, or make it a lattice parameter");
                }
                return;
            }
            Read call = readInvocation(initializerPath);
            if (call == null || local == null) {
                brokenLocals.add(local);
                return;
            }
            TypeMirror declared = local.asType();
            String electron = ((GraphValue.Call) call.value()).accessor();
            if (!env.types().isAssignable(call.type(), declared)) {
                // javac reports the mismatch itself; only stay out of its way.
                report.markIncomplete();
                return;
            }
            if (!boxedAssignable(call.type(), declared)) {
                report.error(
                        declaration,
                        unit,
                        "'" + name + "' is declared " + declared + " but electron '" + electron + "' returns "
                                + call.type() + "; the graph passes values without conversion: declare '" + name
                                + "' as " + call.type() + " (or var)");
                return;
            }
            resultLocals.put(local, new ResultLocal(electron, call.type()));
            statements.add(new LatticeBody.Statement(name, (GraphValue.Call) call.value()));
        }

        private void readExpressionStatement(TreePath path, ExpressionTree expression) {
            switch (expression.getKind()) {
                case METHOD_INVOCATION:
                    Read call = readInvocation(path);
                    if (call != null) {
                        statements.add(new LatticeBody.Statement(null, (GraphValue.Call) call.value()));
                    }
                    break;
                case ASSIGNMENT:
                case PLUS_ASSIGNMENT:
                case MINUS_ASSIGNMENT:
                case MULTIPLY_ASSIGNMENT:
                case DIVIDE_ASSIGNMENT:
                case REMAINDER_ASSIGNMENT:
                case AND_ASSIGNMENT:
                case OR_ASSIGNMENT:
                case XOR_ASSIGNMENT:
                case LEFT_SHIFT_ASSIGNMENT:
                case RIGHT_SHIFT_ASSIGNMENT:
                case UNSIGNED_RIGHT_SHIFT_ASSIGNMENT:
                case PREFIX_INCREMENT:
                case PREFIX_DECREMENT:
                case POSTFIX_INCREMENT:
                case POSTFIX_DECREMENT:
                    report.error(
                            expression,
                            unit,
                            "lattice locals and parameters cannot be reassigned in this version: each holds one"
                                    + " value of the graph; declare a new local for the new value");
                    break;
                default:
                    if (!reportUseOfResult(path)) {
                        report.error(
                                expression,
                                unit,
                                "this is not an electron call; lattices can only call electrons in this version:"
                                        + " move it into an electron");
                    }
            }
        }

        private void readReturn(TreePath path) {
            Read value = readValue(path, lattice.getReturnType(), "the lattice's result");
            if (value == null) {
                return;
            }
            TypeMirror returnType = lattice.getReturnType();
            if (!env.types().isAssignable(value.type(), returnType)) {
                report.markIncomplete(); // javac reports the incompatible return itself
                return;
            }
            if (!env.types().isSameType(box(value.type()), box(returnType))) {
                report.error(
                        path.getLeaf(),
                        unit,
                        "lattice '" + lattice.getSimpleName() + "' returns " + returnType + " but this value is "
                                + value.type() + "; the graph does not convert values, so return a value of"
                                + " exactly the lattice's return type (or change the return type to "
                                + value.type() + ")");
                return;
            }
            result = value.value();
        }

        /**
         * Reads an electron argument or the returned value.
         *
         * @return the value, or null when an error was reported or something is unresolved
         */
        private Read readValue(TreePath path, TypeMirror target, String role) {
            path = unwrapParentheses(path);
            Tree tree = path.getLeaf();
            switch (tree.getKind()) {
                case METHOD_INVOCATION:
                    return readInvocation(path);
                case IDENTIFIER:
                    return readIdentifier(path, (IdentifierTree) tree, target, role);
                case MEMBER_SELECT:
                    if (reportUseOfResult(path)) {
                        return null;
                    }
                    return readConstantField(path, target, role);
                case INT_LITERAL:
                case LONG_LITERAL:
                case FLOAT_LITERAL:
                case DOUBLE_LITERAL:
                case BOOLEAN_LITERAL:
                case CHAR_LITERAL:
                case STRING_LITERAL:
                    Object literal = ((LiteralTree) tree).getValue();
                    return constant(literal, literalType(tree.getKind()), target);
                case UNARY_MINUS:
                case UNARY_PLUS:
                    ExpressionTree operand = ((UnaryTree) tree).getExpression();
                    if (operand instanceof LiteralTree number && number.getValue() instanceof Number value) {
                        Object signed = tree.getKind() == Tree.Kind.UNARY_MINUS ? negate(value) : value;
                        return constant(signed, literalType(operand.getKind()), target);
                    }
                    break;
                case NULL_LITERAL:
                    report.error(
                            tree,
                            unit,
                            "null cannot be " + role + " in this version: graph values are never null; pass a"
                                    + " real value, or let an electron handle the missing case");
                    return null;
                default:
                    break;
            }
            if (!reportUseOfResult(path)) {
                report.error(
                        tree,
                        unit,
                        "'" + tree + "' cannot be " + role + " in this version: use a lattice parameter, an earlier"
                                + " electron result or a literal, or compute the value inside an electron");
            }
            return null;
        }

        private Read readIdentifier(TreePath path, IdentifierTree identifier, TypeMirror target, String role) {
            Element element = env.trees().getElement(path);
            if (element == null || element.asType().getKind() == TypeKind.ERROR) {
                report.markIncomplete();
                return null;
            }
            switch (element.getKind()) {
                case PARAMETER:
                    return new Read(new GraphValue.Input(identifier.getName().toString()), element.asType());
                case LOCAL_VARIABLE:
                    ResultLocal local = resultLocals.get(element);
                    if (local != null) {
                        return new Read(
                                new GraphValue.Local(identifier.getName().toString()), local.type());
                    }
                    if (!brokenLocals.contains(element)) {
                        report.error(identifier, unit, "'" + identifier + "' cannot be " + role + " in this version");
                    }
                    return null;
                default:
                    return readConstantField(path, target, role);
            }
        }

        /** Compile-time constants ({@code static final int LIMIT = 3}) are written into the graph like literals. */
        private Read readConstantField(TreePath path, TypeMirror target, String role) {
            Element element = env.trees().getElement(path);
            if (element == null || element.asType().getKind() == TypeKind.ERROR) {
                report.markIncomplete();
                return null;
            }
            if (element instanceof VariableElement field && field.getConstantValue() != null) {
                return constant(field.getConstantValue(), field.asType(), target);
            }
            report.error(
                    path.getLeaf(),
                    unit,
                    "'" + path.getLeaf() + "' cannot be " + role + " in this version: only lattice parameters,"
                            + " electron results and constants can; pass it as a lattice parameter or read it"
                            + " inside an electron");
            return null;
        }

        /**
         * Makes a constant node's value. A primitive constant takes the primitive type of the
         * parameter it is passed to ({@code 2} for a {@code double} becomes {@code (double) 2}),
         * because the graph hands values over without Java's widening.
         */
        private Read constant(Object value, TypeMirror type, TypeMirror target) {
            String code = env.elements().getConstantExpression(value);
            TypeMirror constantType = type;
            PrimitiveType targetPrimitive = primitiveOf(target);
            if (type.getKind().isPrimitive()
                    && targetPrimitive != null
                    && targetPrimitive.getKind() != type.getKind()
                    && env.types().isAssignable(type, target)) {
                code = "(" + targetPrimitive + ") " + code;
                constantType = targetPrimitive;
            }
            return new Read(new GraphValue.Constant(code, canonicalTypes.of(constantType)), constantType);
        }

        private Read readInvocation(TreePath path) {
            MethodInvocationTree invocation = (MethodInvocationTree) path.getLeaf();
            Element element = env.trees().getElement(path);
            if (!(element instanceof ExecutableElement method)) {
                report.markIncomplete(); // unresolved: javac reports it if it stays so
                return null;
            }
            String name = method.getSimpleName().toString();
            ExpressionTree select = invocation.getMethodSelect();
            TreePath receiver = select instanceof MemberSelectTree member
                    ? new TreePath(new TreePath(path, select), member.getExpression())
                    : null;
            if (ValenceAnnotations.isLattice(method)) {
                report.error(
                        invocation,
                        unit,
                        "calling a lattice from a lattice is not supported yet; call the electrons of '" + name
                                + "' here directly");
                return null;
            }
            if (!ValenceAnnotations.isElectron(method)) {
                if (receiver == null || !reportUseOfResult(receiver)) {
                    report.error(
                            invocation,
                            unit,
                            "'" + name + "' is not an @Electron; lattices can only call electrons in this version"
                                    + " (mark it @Electron or move the call into an electron)");
                }
                return null;
            }
            if (receiver != null && !(env.trees().getElement(receiver) instanceof TypeElement)) {
                report.error(
                        invocation,
                        unit,
                        "call electron '" + name + "' through its class name, as in "
                                + method.getEnclosingElement().getSimpleName() + "." + name + "(...)");
                return null;
            }
            if (electronValidator.validate(method).hasErrors()) {
                report.error(
                        invocation,
                        unit,
                        "electron '" + name + "' cannot be called until its own errors are fixed (they are"
                                + " reported at its declaration)");
                return null;
            }
            List<? extends ExpressionTree> arguments = invocation.getArguments();
            List<? extends VariableElement> parameters = method.getParameters();
            if (arguments.size() != parameters.size()) {
                report.error(
                        invocation,
                        unit,
                        "electron '" + name + "' takes a variable number of arguments; in a lattice, pass"
                                + " exactly one value per parameter (the last one as an array)");
                return null;
            }
            List<GraphValue> values = new ArrayList<>();
            for (int i = 0; i < arguments.size(); i++) {
                VariableElement parameter = parameters.get(i);
                TreePath argumentPath = new TreePath(path, arguments.get(i));
                Read argument = readValue(argumentPath, parameter.asType(), "an electron argument");
                if (argument == null) {
                    continue;
                }
                if (!boxedAssignable(argument.type(), parameter.asType())) {
                    report.error(
                            arguments.get(i),
                            unit,
                            "'" + arguments.get(i) + "' is " + argument.type() + " but parameter '"
                                    + parameter.getSimpleName() + "' of electron '" + name + "' is "
                                    + parameter.asType() + "; the graph passes values without conversion: make"
                                    + " the types match, or convert inside an electron");
                    continue;
                }
                values.add(argument.value());
            }
            if (values.size() != arguments.size()) {
                return null;
            }
            TypeElement owner = (TypeElement) method.getEnclosingElement();
            GraphValue.Call call = new GraphValue.Call(
                    GeneratedNames.electrons(owner),
                    name,
                    TypeName.get(method.getReturnType()).box(),
                    values);
            return new Read(call, method.getReturnType());
        }

        /**
         * Reports the first use of an electron's result inside an expression that is not an
         * electron argument: the value does not exist while the graph is built.
         *
         * @return whether such a use was found and reported
         */
        private boolean reportUseOfResult(TreePath path) {
            String[] electron = new String[1];
            new TreePathScanner<Void, Void>() {
                @Override
                public Void visitIdentifier(IdentifierTree identifier, Void unused) {
                    ResultLocal local = resultLocals.get(env.trees().getElement(getCurrentPath()));
                    if (local != null && electron[0] == null) {
                        electron[0] = local.electron();
                    }
                    return null;
                }
            }.scan(path, null);
            if (electron[0] == null) {
                return false;
            }
            report.error(
                    path.getLeaf(),
                    unit,
                    "the result of electron '" + electron[0] + "' is only known when the graph runs; pass it to"
                            + " an electron instead of using it here");
            return true;
        }

        private TypeMirror literalType(Tree.Kind kind) {
            switch (kind) {
                case INT_LITERAL:
                    return env.types().getPrimitiveType(TypeKind.INT);
                case LONG_LITERAL:
                    return env.types().getPrimitiveType(TypeKind.LONG);
                case FLOAT_LITERAL:
                    return env.types().getPrimitiveType(TypeKind.FLOAT);
                case DOUBLE_LITERAL:
                    return env.types().getPrimitiveType(TypeKind.DOUBLE);
                case BOOLEAN_LITERAL:
                    return env.types().getPrimitiveType(TypeKind.BOOLEAN);
                case CHAR_LITERAL:
                    return env.types().getPrimitiveType(TypeKind.CHAR);
                default:
                    return env.elements().getTypeElement("java.lang.String").asType();
            }
        }
    }

    private static TreePath unwrapParentheses(TreePath path) {
        while (path.getLeaf() instanceof ParenthesizedTree parenthesized) {
            path = new TreePath(path, parenthesized.getExpression());
        }
        return path;
    }

    private static Object negate(Number value) {
        if (value instanceof Integer i) {
            return -i;
        }
        if (value instanceof Long l) {
            return -l;
        }
        if (value instanceof Float f) {
            return -f;
        }
        return -value.doubleValue();
    }

    private PrimitiveType primitiveOf(TypeMirror type) {
        if (type.getKind().isPrimitive()) {
            return (PrimitiveType) type;
        }
        try {
            return env.types().unboxedType(type);
        } catch (IllegalArgumentException notABox) {
            return null;
        }
    }

    private TypeMirror box(TypeMirror type) {
        return type.getKind().isPrimitive()
                ? env.types().boxedClass((PrimitiveType) type).asType()
                : type;
    }

    /** Whether a value of type {@code from} can be handed over as is, boxed, where {@code to} is expected. */
    private boolean boxedAssignable(TypeMirror from, TypeMirror to) {
        return env.types().isAssignable(box(from), box(to));
    }
}
