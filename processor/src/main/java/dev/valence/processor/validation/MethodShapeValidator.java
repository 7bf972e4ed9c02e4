package dev.valence.processor.validation;

import dev.valence.processor.common.TypeMirrors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.SimpleTypeVisitor14;

/**
 * Checks what electrons and lattices share: the generated class, in the same package, calls the
 * method statically, so the method must be static, visible from the package, return a value, have
 * types the generated code can name, and live in a class the package can reach. Lattices also
 * return a value and have no type parameters; electrons may be void (their node's value is null)
 * and generic (called with the erased bounds of their type parameters).
 */
final class MethodShapeValidator {
    private MethodShapeValidator() {}

    /**
     * @param method an annotated method
     * @param what "electron" or "lattice", for messages
     * @param report where findings go
     */
    static void validate(ExecutableElement method, String what, ValidationReport report) {
        String name = method.getSimpleName().toString();
        if (!method.getModifiers().contains(Modifier.STATIC)) {
            report.error(
                    method,
                    what + " '" + name + "' must be static: the generated code calls it without an instance;"
                            + " add 'static'");
        }
        if (method.getModifiers().contains(Modifier.PRIVATE)) {
            report.error(
                    method,
                    what + " '" + name + "' must not be private: the generated class calls it from the same"
                            + " package; make it package-private or public");
        }
        boolean lattice = "lattice".equals(what);
        if (lattice && method.getReturnType().getKind() == TypeKind.VOID) {
            report.error(
                    method,
                    "void lattices are not supported; return a value (the result of an electron, or a list of"
                            + " them)");
        }
        if (lattice && !method.getTypeParameters().isEmpty()) {
            report.error(
                    method,
                    "generic lattices are not supported: a lattice's graph records the concrete types of its values;"
                            + " give '" + name + "' concrete parameter and return types");
        }
        for (TypeParameterElement parameter : method.getTypeParameters()) {
            for (TypeMirror bound : parameter.getBounds()) {
                if (TypeMirrors.mentionsTypeVariable(bound)) {
                    report.error(
                            method,
                            "the bound of type parameter " + parameter + " of " + what + " '" + name
                                    + "' mentions a type"
                                    + " variable (" + bound + "); the generated reference calls the " + what + " with"
                                    + " the erased bounds, which this bound does not allow: use a bound without type"
                                    + " variables, or concrete types");
                }
            }
        }
        validateEnclosingClasses(method, what, report);
        for (VariableElement parameter : method.getParameters()) {
            validateNameable(
                    method,
                    parameter,
                    parameter.asType(),
                    "parameter '" + parameter.getSimpleName() + "'",
                    what,
                    report);
        }
        validateNameable(method, method, method.getReturnType(), "the return type", what, report);
    }

    /** Generated code names the method's types: they must not be private, local or anonymous. */
    private static void validateNameable(
            ExecutableElement method, Element at, TypeMirror type, String role, String what, ValidationReport report) {
        type.accept(
                new SimpleTypeVisitor14<Void, Void>() {
                    @Override
                    public Void visitDeclared(DeclaredType declared, Void unused) {
                        for (Element element = declared.asElement();
                                element instanceof TypeElement typeElement;
                                element = element.getEnclosingElement()) {
                            NestingKind nesting = typeElement.getNestingKind();
                            boolean hidden = nesting == NestingKind.LOCAL
                                    || nesting == NestingKind.ANONYMOUS
                                    || typeElement.getModifiers().contains(Modifier.PRIVATE);
                            if (hidden) {
                                report.error(
                                        at,
                                        role + " of " + what + " '" + method.getSimpleName() + "' has type " + declared
                                                + ", which uses the "
                                                + (nesting == NestingKind.MEMBER ? "private" : "local")
                                                + " class '" + typeElement.getSimpleName()
                                                + "' that generated code cannot"
                                                + " name: make that class package-private (and top-level or static"
                                                + " nested)");
                                return null;
                            }
                        }
                        declared.getTypeArguments().forEach(argument -> argument.accept(this, null));
                        return null;
                    }

                    @Override
                    public Void visitArray(ArrayType array, Void unused) {
                        return array.getComponentType().accept(this, null);
                    }

                    @Override
                    public Void visitWildcard(WildcardType wildcard, Void unused) {
                        if (wildcard.getExtendsBound() != null) {
                            wildcard.getExtendsBound().accept(this, null);
                        }
                        if (wildcard.getSuperBound() != null) {
                            wildcard.getSuperBound().accept(this, null);
                        }
                        return null;
                    }
                },
                null);
    }

    private static void validateEnclosingClasses(ExecutableElement method, String what, ValidationReport report) {
        String name = method.getSimpleName().toString();
        for (Element enclosing = method.getEnclosingElement();
                enclosing instanceof TypeElement type;
                enclosing = enclosing.getEnclosingElement()) {
            NestingKind nesting = type.getNestingKind();
            if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
                report.error(
                        method,
                        what + " '" + name + "' is declared in a local or anonymous class, which generated code"
                                + " cannot name; move it to a top-level or static nested class");
                return;
            }
            if (nesting == NestingKind.MEMBER && !isStatic(type)) {
                report.error(
                        method,
                        what + " '" + name + "' is declared in the inner class '" + type.getSimpleName()
                                + "'; make that class static (or move the method to a top-level class)");
                return;
            }
            if (type.getModifiers().contains(Modifier.PRIVATE)) {
                report.error(
                        method,
                        what + " '" + name + "' is declared in the private class '" + type.getSimpleName()
                                + "', which the generated class cannot reach; make that class package-private"
                                + " or public");
                return;
            }
        }
    }

    /** Nested interfaces, enums and records, and classes nested in interfaces, are implicitly static. */
    private static boolean isStatic(TypeElement type) {
        return type.getModifiers().contains(Modifier.STATIC)
                || type.getKind() != ElementKind.CLASS
                || type.getEnclosingElement().getKind().isInterface();
    }
}
