package dev.valence.processor.validation;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;

/**
 * Checks what electrons and lattices share: the generated class, in the same package, calls the
 * method statically, so the method must be static, visible from the package, return a value, have
 * no type parameters, and live in a class the package can reach.
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
        if (method.getReturnType().getKind() == TypeKind.VOID) {
            report.error(
                    method,
                    "void " + what + "s are not supported yet; return a value"
                            + ("lattice".equals(what) ? " (the result of an electron)" : ""));
        }
        if (!method.getTypeParameters().isEmpty()) {
            report.error(
                    method,
                    "generic " + what + "s are not supported yet; give '" + name
                            + "' concrete parameter and return types");
        }
        validateEnclosingClasses(method, what, report);
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
