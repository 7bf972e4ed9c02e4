package dev.valence.processor.common;

import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.SimpleTypeVisitor14;

/** Questions about types that validation and the model both ask. */
public final class TypeMirrors {
    private TypeMirrors() {}

    /**
     * @param type any type
     * @return whether a type variable appears anywhere in it (type arguments, array components,
     *     wildcard bounds)
     */
    public static boolean mentionsTypeVariable(TypeMirror type) {
        return type.accept(
                new SimpleTypeVisitor14<Boolean, Void>(false) {
                    @Override
                    public Boolean visitTypeVariable(TypeVariable variable, Void unused) {
                        return true;
                    }

                    @Override
                    public Boolean visitDeclared(DeclaredType declared, Void unused) {
                        return declared.getTypeArguments().stream().anyMatch(argument -> argument.accept(this, null));
                    }

                    @Override
                    public Boolean visitArray(ArrayType array, Void unused) {
                        return array.getComponentType().accept(this, null);
                    }

                    @Override
                    public Boolean visitWildcard(WildcardType wildcard, Void unused) {
                        return (wildcard.getExtendsBound() != null
                                        && wildcard.getExtendsBound().accept(this, null))
                                || (wildcard.getSuperBound() != null
                                        && wildcard.getSuperBound().accept(this, null));
                    }
                },
                null);
    }
}
