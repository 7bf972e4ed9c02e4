package dev.valence.processor.lattice;

import com.sun.source.tree.MethodInvocationTree;
import dev.valence.processor.common.TypeMirrors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;

/**
 * Rule: the result of a generic electron is inferred, at each call, as a type the generated code
 * can write. The handle of its node is declared with that type, so a type variable, capture or
 * intersection there has no spelling.
 */
final class GenericResultRule {
    private final RuleContext context;

    GenericResultRule(RuleContext context) {
        this.context = context;
    }

    /**
     * @param invocation a call of a generic electron
     * @param electron the electron
     * @param result its result type at this call
     */
    void check(MethodInvocationTree invocation, ExecutableElement electron, TypeMirror result) {
        if (TypeMirrors.denotable(result)) {
            return;
        }
        String name = electron.getSimpleName().toString();
        context.error(
                invocation,
                "the result of generic electron '" + name + "' is inferred as " + result + " here, a type"
                        + " the generated code cannot name: pass arguments of concrete types (declare"
                        + " the local you pass, or add a type witness: "
                        + electron.getEnclosingElement().getSimpleName() + ".<Type>" + name + "(...))");
    }
}
