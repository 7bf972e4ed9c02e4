package dev.valence.processor.lattice;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.Tree;
import dev.valence.processor.model.GeneratedNames;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Rule: every class and member the body names is accessible from the generated graph builder. The
 * body is copied into {@code <Class>Lattices}, another class of the same package, so what is
 * private to the lattice's class (or package-private elsewhere) would not compile there.
 */
final class AccessibilityRule {
    private final RuleContext context;
    private final String generatedClass;
    private final String generatedPackage;

    AccessibilityRule(RuleContext context) {
        this.context = context;
        ClassName lattices =
                GeneratedNames.lattices((TypeElement) context.body().lattice().getEnclosingElement());
        this.generatedClass = lattices.simpleName();
        this.generatedPackage = lattices.packageName();
    }

    /**
     * Checks an element and the classes enclosing it.
     *
     * @param element a class or member the body names
     * @param at where the body names it
     * @return whether the generated class can use it; false when reported
     */
    boolean check(Element element, Tree at) {
        for (Element current = element; current instanceof TypeElement || current == element; ) {
            Set<Modifier> modifiers = current.getModifiers();
            boolean samePackage = context.env()
                    .elements()
                    .getPackageOf(current)
                    .getQualifiedName()
                    .contentEquals(generatedPackage);
            if (current instanceof TypeElement type
                    && (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS)) {
                return true; // declared inside the body itself (reported there), or javac's business
            }
            if (modifiers.contains(Modifier.PRIVATE)) {
                context.error(
                        at,
                        "'" + current.getSimpleName() + "' is private; the generated graph builder in " + generatedClass
                                + " cannot " + use(current) + " it: make it package-private");
                return false;
            }
            if (!samePackage && !modifiers.contains(Modifier.PUBLIC)) {
                context.error(
                        at,
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

    private static String use(Element element) {
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
}
