package dev.valence.processor.generation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.valence.processor.common.GraphTypes;
import dev.valence.processor.common.TypeMirrors;
import dev.valence.processor.common.ValenceAnnotations;
import dev.valence.processor.lattice.AnalysedBody;
import dev.valence.processor.lattice.BodyTrees;
import dev.valence.processor.lattice.OutputFlow;
import dev.valence.processor.lattice.OutputHolder;
import dev.valence.processor.model.Code;
import dev.valence.processor.model.GeneratedNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Lowers the places where values enter the graph: an electron or lattice argument, a collection
 * part, a result local or the lattice's result becomes a handle expression, either of an electron
 * output (a node) or of a plain value (a constant node, or the handle of a lattice input).
 */
final class ValueLowering {
    private final BodyLowering lowering;
    private final AnalysedBody body;
    private final OutputFlow flow;
    private final GraphTypes types;

    ValueLowering(BodyLowering lowering) {
        this.lowering = lowering;
        this.body = lowering.body();
        this.flow = body.flow();
        this.types = lowering.types();
    }

    /**
     * @param target the type the value is passed as
     * @param exact whether the handle's type must be the target type exactly (locals and results:
     *     {@code Handle} is invariant), rather than assignable to it (arguments)
     * @return the value as a handle expression
     */
    Code value(TreePath path, TypeMirror target, boolean exact) {
        path = BodyTrees.unwrap(path);
        Tree tree = path.getLeaf();
        if (flow.electronValued(path)) {
            return handle(path, target);
        }
        TypeMirror type = lowering.typeOf(path);
        Element element = tree instanceof IdentifierTree ? body.element(path) : null;
        if (body.isLatticeParameter(element) && types.passes(type, target, exact)) {
            lowering.handleParameters().add(element.getSimpleName().toString());
            return new Code.InputHandle(element.getSimpleName().toString());
        }
        return constant(lowering.rewrite(path), tree, type, target);
    }

    /** Writes an electron-valued expression (or an electron call whose result is unused) as a handle. */
    Code handle(TreePath path, TypeMirror target) {
        path = BodyTrees.unwrap(path);
        Tree tree = path.getLeaf();
        Element element = body.element(path);
        switch (tree.getKind()) {
            case IDENTIFIER: {
                OutputHolder list = flow.list(element);
                Code name = Code.text(element.getSimpleName().toString());
                return list == null
                        ? name
                        : new Code.HandleList(lowering.canonicalTypes().of(types.listOf(list.type())), name);
            }
            case METHOD_INVOCATION: {
                ExecutableElement method = (ExecutableElement) element;
                if (ValenceAnnotations.isElectron(method)) {
                    return electronCall(path, method);
                }
                if (ValenceAnnotations.isLattice(method)) {
                    return latticeCall(path, method);
                }
                if (OutputFlow.isCollectionFactory(method)) {
                    return collection(path);
                }
                MethodInvocationTree get = (MethodInvocationTree) tree;
                return Code.of(
                        Code.text(flow.receiverLocal(path).getSimpleName() + ".get("),
                        lowering.rewrite(new TreePath(path, get.getArguments().get(0))),
                        Code.text(")"));
            }
            case NEW_ARRAY:
                return collection(path);
            case CONDITIONAL_EXPRESSION: {
                ConditionalExpressionTree conditional = (ConditionalExpressionTree) tree;
                TypeMirror type = target != null ? target : lowering.typeOf(path);
                return Code.of(
                        Code.text("("),
                        lowering.rewrite(new TreePath(path, conditional.getCondition())),
                        Code.text(" ? "),
                        value(new TreePath(path, conditional.getTrueExpression()), type, true),
                        Code.text(" : "),
                        value(new TreePath(path, conditional.getFalseExpression()), type, true),
                        Code.text(")"));
            }
            default:
                throw new IllegalStateException("not an electron output: " + tree);
        }
    }

    private Code electronCall(TreePath path, ExecutableElement method) {
        MethodInvocationTree invocation = (MethodInvocationTree) path.getLeaf();
        List<? extends ExpressionTree> arguments = invocation.getArguments();
        List<? extends TypeMirror> parameterTypes = body.calledParameterTypes(path, method);
        List<Code> values = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            values.add(value(new TreePath(path, arguments.get(i)), parameterTypes.get(i), false));
        }
        Optional<TypeName> resultType = Optional.empty();
        String canonicalResult = "";
        if (!method.getTypeParameters().isEmpty() && method.getReturnType().getKind() != TypeKind.VOID) {
            // A generic electron's result type differs per call; the node is told the inferred one.
            TypeMirror result = lowering.typeOf(path);
            resultType = Optional.of(lowering.boxedName(result));
            canonicalResult = lowering.canonicalTypes().of(result);
        }
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        return new Code.ElectronCall(
                GeneratedNames.electrons(owner),
                method.getSimpleName().toString(),
                resultType,
                canonicalResult,
                values);
    }

    private Code latticeCall(TreePath path, ExecutableElement callee) {
        MethodInvocationTree invocation = (MethodInvocationTree) path.getLeaf();
        String name = callee.getSimpleName().toString();
        ClassName lattices = GeneratedNames.lattices((TypeElement) callee.getEnclosingElement());
        List<? extends ExpressionTree> arguments = invocation.getArguments();
        List<Code> values = new ArrayList<>();
        if (!flow.passesOutputs(path)) {
            for (ExpressionTree argument : arguments) {
                values.add(lowering.rewrite(new TreePath(path, argument)));
            }
            return new Code.Expansion(lattices, GeneratedNames.expandMethod(name), values);
        }
        for (int i = 0; i < arguments.size(); i++) {
            TypeMirror parameter = callee.getParameters().get(i).asType();
            values.add(value(new TreePath(path, arguments.get(i)), parameter, false));
        }
        return new Code.Sublattice(lattices, GeneratedNames.latticeAccessor(name), values);
    }

    /** A collection literal holding electron outputs, as a collection node. */
    private Code collection(TreePath path) {
        List<Code> parts = new ArrayList<>();
        StringBuilder shape = new StringBuilder();
        Code assemble = literal(path, parts, shape);
        return new Code.Collection(
                lowering.canonicalTypes().of(lowering.typeOf(path)), shape.toString(), assemble, parts);
    }

    /**
     * The literal, with its electron outputs (and other values that are not constants) replaced by
     * parts, which the collection node receives as handles.
     *
     * @param parts the parts' handle expressions, added to
     * @param shape the literal with its parts numbered, added to
     */
    private Code literal(TreePath path, List<Code> parts, StringBuilder shape) {
        path = BodyTrees.unwrap(path);
        Tree tree = path.getLeaf();
        List<Code> codes = new ArrayList<>();
        boolean array = tree instanceof NewArrayTree;
        if (array) {
            TypeMirror type = lowering.typeOf(path);
            shape.append("new ").append(lowering.canonicalTypes().of(type)).append(" {");
            codes.add(Code.text("new "));
            codes.add(new Code.Type(TypeName.get(type)));
            codes.add(Code.text(" {"));
        } else {
            ExecutableElement method = (ExecutableElement) body.element(path);
            TypeElement owner = (TypeElement) method.getEnclosingElement();
            shape.append(owner.getQualifiedName())
                    .append('.')
                    .append(method.getSimpleName())
                    .append('(');
            codes.add(new Code.Type(ClassName.get(owner)));
            codes.add(Code.text("." + method.getSimpleName() + "("));
        }
        List<? extends ExpressionTree> elements = BodyTrees.literalElements(tree);
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                shape.append(", ");
                codes.add(Code.text(", "));
            }
            codes.add(part(new TreePath(path, elements.get(i)), parts, shape));
        }
        shape.append(array ? "}" : ")");
        codes.add(Code.text(array ? "}" : ")"));
        return new Code.Sequence(codes);
    }

    private Code part(TreePath path, List<Code> parts, StringBuilder shape) {
        path = BodyTrees.unwrap(path);
        boolean electronValued = flow.electronValued(path);
        if (electronValued && flow.isCollectionLiteral(path)) {
            return literal(path, parts, shape); // nested literals join the outer collection node
        }
        TypeMirror type = electronValued ? lowering.valueType(path) : lowering.typeOf(path);
        if (!electronValued) {
            Object constant = body.constantValue(path);
            if (constant != null) {
                // Written into the shape as is, so that the shape tells literals apart.
                shape.append(lowering.env().elements().getConstantExpression(constant));
                return lowering.rewrite(path);
            }
        }
        int index = parts.size();
        parts.add(value(path, type, true));
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
            lowering.warnings().add("unchecked");
        }
        return new Code.Part(index, Optional.of(TypeName.get(boxed)));
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
                    Code.of(Code.text("(" + targetPrimitive + ") "), operand),
                    lowering.canonicalTypes().of(targetPrimitive));
        }
        boolean plainType = valuePrimitive != null || GraphTypes.isString(type);
        TypeMirror constantType = plainType || !TypeMirrors.denotable(target) ? type : target;
        return new Code.Constant(code, lowering.canonicalTypes().of(constantType));
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
}
