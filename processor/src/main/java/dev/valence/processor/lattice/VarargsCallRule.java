package dev.valence.processor.lattice;

import com.sun.source.tree.MethodInvocationTree;
import javax.lang.model.element.ExecutableElement;

/**
 * Rule: a variable-arity electron, or a lattice that receives electron outputs, is called with one
 * argument per parameter (the last one an array). A node has one input per parameter; javac's
 * packing of loose arguments into an array happens in plain calls only.
 */
final class VarargsCallRule {
    private final RuleContext context;

    VarargsCallRule(RuleContext context) {
        this.context = context;
    }

    /** @return whether the electron gets one argument per parameter; false when reported */
    boolean checkElectron(MethodInvocationTree invocation, ExecutableElement electron) {
        return check(invocation, electron, "electron", "in a lattice");
    }

    /** @return whether the sublattice gets one argument per parameter; false when reported */
    boolean checkSublattice(MethodInvocationTree invocation, ExecutableElement lattice) {
        return check(invocation, lattice, "lattice", "when an electron's result is among them");
    }

    /**
     * @param kind "electron" or "lattice"
     * @param when when the rule applies, for the message
     */
    private boolean check(MethodInvocationTree invocation, ExecutableElement callee, String kind, String when) {
        if (invocation.getArguments().size() == callee.getParameters().size()) {
            return true;
        }
        context.error(
                invocation,
                kind + " '" + callee.getSimpleName() + "' takes a variable number of arguments; " + when
                        + ", pass exactly one value per parameter (the last one as an array)");
        return false;
    }
}
