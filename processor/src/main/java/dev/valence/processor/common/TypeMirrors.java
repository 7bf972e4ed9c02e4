package dev.valence.processor.common;

import java.util.function.Predicate;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;

/** Questions about types that validation, lattice body analysis and the model ask alike. */
public final class TypeMirrors {
    private TypeMirrors() {}

    /**
     * @param type any type
     * @return whether a type variable appears anywhere in it (type arguments, array components,
     *     wildcard bounds)
     */
    public static boolean mentionsTypeVariable(TypeMirror type) {
        return anyPart(type, true, part -> part.getKind() == TypeKind.TYPEVAR);
    }

    /**
     * @param type any type
     * @return whether generated code can write it: no type variables, captures, intersections or
     *     the null type anywhere in it
     */
    public static boolean denotable(TypeMirror type) {
        return !anyPart(
                type,
                true,
                part -> part.getKind() == TypeKind.TYPEVAR
                        || part.getKind() == TypeKind.INTERSECTION
                        || part.getKind() == TypeKind.NULL);
    }

    /**
     * @param type any type
     * @return whether javac could not resolve it, or one of its type arguments or array components
     *     (wildcard bounds are not looked into)
     */
    public static boolean containsError(TypeMirror type) {
        return anyPart(type, false, part -> part.getKind() == TypeKind.ERROR);
    }

    /**
     * Whether a type or a part of it passes a test. The parts are the type arguments of a declared
     * type (an unresolved type is not looked into), the component of an array, and, when asked,
     * the bound of a wildcard. One walk for all three questions, so they agree on what a part is.
     */
    private static boolean anyPart(TypeMirror type, boolean wildcardBounds, Predicate<TypeMirror> test) {
        if (test.test(type)) {
            return true;
        }
        if (type.getKind() == TypeKind.DECLARED) {
            return ((DeclaredType) type)
                    .getTypeArguments().stream().anyMatch(argument -> anyPart(argument, wildcardBounds, test));
        }
        if (type.getKind() == TypeKind.ARRAY) {
            return anyPart(((ArrayType) type).getComponentType(), wildcardBounds, test);
        }
        if (type.getKind() == TypeKind.WILDCARD && wildcardBounds) {
            WildcardType wildcard = (WildcardType) type;
            return (wildcard.getExtendsBound() != null && anyPart(wildcard.getExtendsBound(), true, test))
                    || (wildcard.getSuperBound() != null && anyPart(wildcard.getSuperBound(), true, test));
        }
        return false;
    }
}
