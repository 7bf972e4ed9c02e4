package dev.valence.processor.lattice;

import com.sun.source.tree.MemberReferenceTree;
import dev.valence.processor.common.ValenceAnnotations;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;

/**
 * Rule: electrons and lattices are called, not referred to ({@code Steps::render}). Whatever would
 * call the reference runs it as a plain method, so its calls would not become nodes.
 */
final class MethodReferenceRule {
    private final RuleContext context;

    MethodReferenceRule(RuleContext context) {
        this.context = context;
    }

    /**
     * @param reference a method reference
     * @param element what it refers to
     * @return whether it refers to neither an electron nor a lattice; false when reported
     */
    boolean check(MemberReferenceTree reference, Element element) {
        if (!(element instanceof ExecutableElement method)
                || !(ValenceAnnotations.isElectron(method) || ValenceAnnotations.isLattice(method))) {
            return true;
        }
        context.error(
                reference,
                "'" + reference + "' refers to "
                        + (ValenceAnnotations.isElectron(method) ? "electron" : "lattice")
                        + " '" + method.getSimpleName() + "' without calling it; its calls would not become"
                        + " nodes of the graph: call it in the lattice body, in a for loop if needed");
        return false;
    }
}
