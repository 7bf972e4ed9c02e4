package dev.valence.processor.model;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import dev.valence.processor.common.CanonicalTypes;
import dev.valence.processor.common.TypeMirrors;
import dev.valence.processor.common.ValenceAnnotations;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.SimpleTypeVisitor14;
import javax.lang.model.util.Types;

/**
 * Builds models from validated elements. It assumes the checks of the validators passed, and only
 * reads: names, types, attributes.
 */
public final class ModelFactory {
    private final Elements elements;
    private final Types types;
    private final CanonicalTypes canonicalTypes;

    /**
     * @param elements javac's element utilities
     * @param types javac's type utilities
     * @param canonicalTypes writes canonical type strings
     */
    public ModelFactory(Elements elements, Types types, CanonicalTypes canonicalTypes) {
        this.elements = elements;
        this.types = types;
        this.canonicalTypes = canonicalTypes;
    }

    /**
     * @param electron a validated {@code @Electron} method
     * @param codeFingerprint its code fingerprint
     * @param externalClasses the classes outside the build its code reaches, sorted
     * @param codeParts the parts of its code fingerprint, by name, with a short hash each
     * @return its model
     */
    public ElectronModel electron(
            ExecutableElement electron,
            String codeFingerprint,
            List<String> externalClasses,
            SortedMap<String, String> codeParts) {
        TypeElement owner = (TypeElement) electron.getEnclosingElement();
        AnnotationMirror annotation = ValenceAnnotations.find(electron, ValenceAnnotations.ELECTRON)
                .orElseThrow(() -> new IllegalArgumentException(electron + " is not an @Electron"));
        return new ElectronModel(
                ClassName.get(owner),
                electron.getSimpleName().toString(),
                id(owner, electron),
                displayName(electron, annotation),
                parameters(electron),
                javadocParameterTypes(electron),
                electron.getTypeParameters().stream()
                        .map(parameter -> TypeName.get(types.erasure(parameter.asType())))
                        .collect(Collectors.toList()),
                electron.getReturnType().getKind() == TypeKind.VOID,
                typeName(electron.getReturnType()).box(),
                canonicalTypes.of(electron.getReturnType()),
                codeFingerprint,
                externalClasses,
                codeParts,
                stringAttribute(annotation, "version"),
                ValenceAnnotations.explicitValue(annotation, "cache")
                        .map(value -> (Boolean) value.getValue())
                        .orElse(true),
                stringAttribute(annotation, "executor"),
                ValenceAnnotations.explicitValue(annotation, "retries")
                        .map(value -> (Integer) value.getValue())
                        .orElse(0),
                stringAttribute(annotation, "retryDelay"),
                ValenceAnnotations.explicitValue(annotation, "retryBackoff")
                        .map(value -> (Double) value.getValue())
                        .orElse(2.0),
                retryOn(annotation),
                stringAttribute(annotation, "timeout"),
                elements.isDeprecated(electron) || elements.isDeprecated(owner),
                usesRawTypes(electron));
    }

    /**
     * @param lattice a validated {@code @Lattice} method
     * @param body its body, read without errors
     * @return its model
     */
    public LatticeModel lattice(ExecutableElement lattice, LatticeBody body) {
        TypeElement owner = (TypeElement) lattice.getEnclosingElement();
        AnnotationMirror annotation = ValenceAnnotations.find(lattice, ValenceAnnotations.LATTICE)
                .orElseThrow(() -> new IllegalArgumentException(lattice + " is not a @Lattice"));
        return new LatticeModel(
                ClassName.get(owner),
                lattice.getSimpleName().toString(),
                id(owner, lattice),
                displayName(lattice, annotation),
                parameters(lattice),
                lattice.isVarArgs(),
                javadocParameterTypes(lattice),
                TypeName.get(lattice.getReturnType()).box(),
                canonicalTypes.of(lattice.getReturnType()),
                body,
                usesRawTypes(lattice));
    }

    private String id(TypeElement owner, ExecutableElement method) {
        return elements.getBinaryName(owner) + "#" + method.getSimpleName();
    }

    private static String displayName(ExecutableElement method, AnnotationMirror annotation) {
        return stringAttribute(annotation, "name").orElse(method.getSimpleName().toString());
    }

    /** The {@code retryOn} classes: an array of class literals, each read as its type. */
    private static List<TypeName> retryOn(AnnotationMirror annotation) {
        return ValenceAnnotations.explicitValue(annotation, "retryOn")
                .map(value -> ((List<?>) value.getValue())
                        .stream()
                                .map(type -> TypeName.get((TypeMirror) ((AnnotationValue) type).getValue()))
                                .collect(Collectors.toList()))
                .orElse(List.of());
    }

    /** An attribute left at its default (empty) is absent, so generated code does not repeat defaults. */
    private static Optional<String> stringAttribute(AnnotationMirror annotation, String attribute) {
        return ValenceAnnotations.explicitValue(annotation, attribute)
                .map(AnnotationValue::getValue)
                .map(String.class::cast)
                .filter(value -> !value.isEmpty());
    }

    private List<ParameterModel> parameters(ExecutableElement method) {
        return method.getParameters().stream().map(this::parameter).collect(Collectors.toList());
    }

    private ParameterModel parameter(VariableElement parameter) {
        TypeMirror type = parameter.asType();
        return new ParameterModel(
                parameter.getSimpleName().toString(),
                typeName(type),
                canonicalTypes.of(type),
                hasTypeArguments(type),
                ValenceAnnotations.find(parameter, ValenceAnnotations.IGNORE_FOR_CACHE)
                        .isEmpty());
    }

    /**
     * The type as generated code writes it: type variables (of generic electrons) replaced by their
     * erased bounds, as the generated reference calls the electron with them.
     */
    private TypeName typeName(TypeMirror type) {
        return type.accept(
                new SimpleTypeVisitor14<TypeName, Void>() {
                    @Override
                    protected TypeName defaultAction(TypeMirror other, Void unused) {
                        return TypeName.get(other);
                    }

                    @Override
                    public TypeName visitTypeVariable(TypeVariable variable, Void unused) {
                        return TypeName.get(types.erasure(variable));
                    }

                    @Override
                    public TypeName visitDeclared(DeclaredType declared, Void unused) {
                        if (declared.getTypeArguments().isEmpty() || !TypeMirrors.mentionsTypeVariable(declared)) {
                            return TypeName.get(declared);
                        }
                        TypeName[] arguments = declared.getTypeArguments().stream()
                                .map(argument -> argument.accept(this, null))
                                .toArray(TypeName[]::new);
                        return ParameterizedTypeName.get(ClassName.get((TypeElement) declared.asElement()), arguments);
                    }

                    @Override
                    public TypeName visitArray(ArrayType array, Void unused) {
                        return ArrayTypeName.of(array.getComponentType().accept(this, null));
                    }

                    @Override
                    public TypeName visitWildcard(WildcardType wildcard, Void unused) {
                        if (wildcard.getExtendsBound() != null) {
                            return WildcardTypeName.subtypeOf(
                                    wildcard.getExtendsBound().accept(this, null));
                        }
                        if (wildcard.getSuperBound() != null) {
                            return WildcardTypeName.supertypeOf(
                                    wildcard.getSuperBound().accept(this, null));
                        }
                        return WildcardTypeName.subtypeOf(Object.class);
                    }
                },
                null);
    }

    private boolean usesRawTypes(ExecutableElement method) {
        return isRaw(method.getReturnType())
                || method.getParameters().stream().anyMatch(parameter -> isRaw(parameter.asType()));
    }

    /** Whether a type, or one of its type arguments or components, is a generic class used without type arguments. */
    private static boolean isRaw(TypeMirror type) {
        return type.accept(
                new SimpleTypeVisitor14<Boolean, Void>(false) {
                    @Override
                    public Boolean visitDeclared(DeclaredType declared, Void unused) {
                        TypeElement element = (TypeElement) declared.asElement();
                        if (declared.getTypeArguments().isEmpty()) {
                            return !element.getTypeParameters().isEmpty();
                        }
                        return declared.getTypeArguments().stream().anyMatch(argument -> argument.accept(this, null));
                    }

                    @Override
                    public Boolean visitArray(ArrayType array, Void unused) {
                        return array.getComponentType().accept(this, null);
                    }

                    @Override
                    public Boolean visitWildcard(WildcardType wildcard, Void unused) {
                        TypeMirror bound = wildcard.getExtendsBound() != null
                                ? wildcard.getExtendsBound()
                                : wildcard.getSuperBound();
                        return bound != null && bound.accept(this, null);
                    }
                },
                null);
    }

    private List<TypeName> javadocParameterTypes(ExecutableElement method) {
        return method.getParameters().stream()
                .map(parameter -> TypeName.get(types.erasure(parameter.asType())))
                .collect(Collectors.toList());
    }

    /** Casting {@code Object} to a type with type arguments is unchecked; generated code suppresses that warning. */
    private static boolean hasTypeArguments(TypeMirror type) {
        return type.accept(
                new SimpleTypeVisitor14<Boolean, Void>(false) {
                    @Override
                    public Boolean visitDeclared(DeclaredType declared, Void unused) {
                        return !declared.getTypeArguments().isEmpty();
                    }

                    @Override
                    public Boolean visitArray(ArrayType array, Void unused) {
                        return array.getComponentType().getKind() != TypeKind.ERROR
                                && array.getComponentType().accept(this, null);
                    }
                },
                null);
    }
}
