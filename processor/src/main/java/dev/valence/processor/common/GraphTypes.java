package dev.valence.processor.common;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.PrimitiveType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Type questions about values the graph hands from node to node. The graph boxes primitives and
 * passes values without Java's conversions, so "does it fit" means "does it fit once boxed". The
 * lattice body rules and the lowering of the body ask the same questions, so that a body the rules
 * accept is lowered exactly as they judged it.
 */
public final class GraphTypes {
    private final Elements elements;
    private final Types types;

    /**
     * @param elements javac's element utilities
     * @param types javac's type utilities
     */
    public GraphTypes(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /**
     * @param type any type
     * @return its box for a primitive, the type itself otherwise
     */
    public TypeMirror box(TypeMirror type) {
        return type.getKind().isPrimitive()
                ? types.boxedClass((PrimitiveType) type).asType()
                : type;
    }

    /**
     * @param a a type
     * @param b another type
     * @return whether both are the same type once boxed
     */
    public boolean sameBoxed(TypeMirror a, TypeMirror b) {
        return types.isSameType(box(a), box(b));
    }

    /**
     * @param from the type of a value
     * @param to the type expected
     * @return whether a value of type {@code from} can be handed over as is, boxed, where {@code to}
     *     is expected
     */
    public boolean boxedAssignable(TypeMirror from, TypeMirror to) {
        return types.isAssignable(box(from), box(to));
    }

    /**
     * @param type the type of a value passed to the graph
     * @param target the type it is passed as
     * @param exact whether the types must match exactly (locals and results: a handle's type is
     *     invariant) rather than be assignable (arguments)
     * @return whether the graph can pass the value without conversion
     */
    public boolean passes(TypeMirror type, TypeMirror target, boolean exact) {
        return exact ? sameBoxed(type, target) : boxedAssignable(type, target);
    }

    /**
     * @param from the type of a value
     * @param to the type expected
     * @return whether Java itself would accept the assignment
     */
    public boolean assignable(TypeMirror from, TypeMirror to) {
        return types.isAssignable(from, to);
    }

    /**
     * @param type a type, or null
     * @return the primitive type it is or boxes; null for other types
     */
    public PrimitiveType primitiveOf(TypeMirror type) {
        if (type == null) {
            return null;
        }
        if (type.getKind().isPrimitive()) {
            return (PrimitiveType) type;
        }
        try {
            return types.unboxedType(type);
        } catch (IllegalArgumentException notABox) {
            return null;
        }
    }

    /**
     * @param type a type
     * @return whether it is {@code java.lang.String}
     */
    public static boolean isString(TypeMirror type) {
        return type instanceof DeclaredType declared
                && ((TypeElement) declared.asElement()).getQualifiedName().contentEquals("java.lang.String");
    }

    /**
     * @param element the type of a list's elements
     * @return {@code List<E>}, with primitives boxed
     */
    public TypeMirror listOf(TypeMirror element) {
        return types.getDeclaredType(elements.getTypeElement("java.util.List"), box(element));
    }

    /**
     * @param type the type of a local
     * @return the element type when it is a {@code List} (or a subtype of one) with one denotable
     *     type argument; null otherwise
     */
    public TypeMirror listElement(TypeMirror type) {
        if (!(type instanceof DeclaredType)) {
            return null;
        }
        TypeElement list = elements.getTypeElement("java.util.List");
        Deque<TypeMirror> pending = new ArrayDeque<>(List.of(type));
        while (!pending.isEmpty()) {
            TypeMirror current = pending.remove();
            if (current instanceof DeclaredType declared && declared.asElement().equals(list)) {
                List<? extends TypeMirror> arguments = declared.getTypeArguments();
                return arguments.size() == 1 && TypeMirrors.denotable(arguments.get(0)) ? arguments.get(0) : null;
            }
            pending.addAll(types.directSupertypes(current));
        }
        return null;
    }

    /**
     * @param declared the declared type of a local collecting electron outputs
     * @param element the type of one output
     * @return whether it is declared with the outputs' type as its only type argument, as in {@code
     *     List<E>} or {@code ArrayList<E>}
     */
    public boolean collects(TypeMirror declared, TypeMirror element) {
        return declared instanceof DeclaredType type
                && type.getTypeArguments().size() == 1
                && sameBoxed(type.getTypeArguments().get(0), element);
    }
}
