package dev.valence.processor.common;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Writes types as the runtime's canonical type strings: primitives boxed ({@code
 * java.lang.Integer}), declared types by binary name with their type arguments ({@code
 * java.util.Map<java.lang.String,p.Outer$Inner>}), arrays in source form ({@code int[]}), wildcards
 * by their upper bound, type annotations left out.
 *
 * <p>The runtime picks codecs and checks replacement electrons by these strings, so they must not
 * depend on how the user spelled the type (imports, annotations, {@code var}).
 */
public final class CanonicalTypes {
    private final Elements elements;
    private final Types types;

    /**
     * @param elements javac's element utilities, for binary names
     * @param types javac's type utilities, for boxing and erasure
     */
    public CanonicalTypes(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /**
     * @param type any type a parameter or return value can have
     * @return its canonical string
     */
    public String of(TypeMirror type) {
        if (type.getKind().isPrimitive()) {
            return binaryName(types.boxedClass(types.getPrimitiveType(type.getKind())));
        }
        return ofReference(type);
    }

    private String ofReference(TypeMirror type) {
        switch (type.getKind()) {
            case DECLARED:
                DeclaredType declared = (DeclaredType) type;
                String name = binaryName((TypeElement) declared.asElement());
                List<? extends TypeMirror> arguments = declared.getTypeArguments();
                return arguments.isEmpty()
                        ? name
                        : arguments.stream().map(this::ofReference).collect(Collectors.joining(",", name + "<", ">"));
            case ARRAY:
                TypeMirror component = ((ArrayType) type).getComponentType();
                // Arrays keep primitive components unboxed: an int[] is not an Integer[].
                String componentName = component.getKind().isPrimitive()
                        ? component.getKind().name().toLowerCase(Locale.ROOT)
                        : ofReference(component);
                return componentName + "[]";
            case WILDCARD:
                TypeMirror bound = ((WildcardType) type).getExtendsBound();
                return bound == null ? "java.lang.Object" : ofReference(bound);
            case TYPEVAR:
                return ofReference(types.erasure(type));
            case INTERSECTION:
                return ofReference(((IntersectionType) type).getBounds().get(0));
            case NULL:
                return "java.lang.Object";
            default:
                if (type.getKind() == TypeKind.VOID) {
                    return "java.lang.Void";
                }
                return type.toString();
        }
    }

    private String binaryName(TypeElement element) {
        return elements.getBinaryName(element).toString();
    }
}
