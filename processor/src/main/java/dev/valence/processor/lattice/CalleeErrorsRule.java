package dev.valence.processor.lattice;

import com.sun.source.tree.MethodInvocationTree;
import dev.valence.processor.validation.ElectronValidator;
import dev.valence.processor.validation.LatticeValidator;
import dev.valence.processor.validation.ValidationReport;
import javax.lang.model.element.ExecutableElement;

/**
 * Rule: a called electron or lattice has a valid declaration. Its node or expansion comes from
 * its generated code, which is not generated while its declaration has errors; the call says so
 * here, and the errors themselves are reported at the declaration.
 */
final class CalleeErrorsRule {
    private final RuleContext context;
    private final ElectronValidator electronValidator = new ElectronValidator();
    private final LatticeValidator latticeValidator = new LatticeValidator();

    CalleeErrorsRule(RuleContext context) {
        this.context = context;
    }

    /** @return whether the electron's declaration is valid; false when reported */
    boolean checkElectron(MethodInvocationTree invocation, ExecutableElement electron) {
        return check(invocation, electron, "electron", electronValidator.validate(electron));
    }

    /** @return whether the lattice's declaration is valid; false when reported */
    boolean checkLattice(MethodInvocationTree invocation, ExecutableElement lattice) {
        return check(invocation, lattice, "lattice", latticeValidator.validate(lattice));
    }

    private boolean check(
            MethodInvocationTree invocation, ExecutableElement callee, String kind, ValidationReport declaration) {
        if (!declaration.hasErrors()) {
            return true;
        }
        context.error(
                invocation,
                kind + " '" + callee.getSimpleName() + "' cannot be called until its own errors are fixed (they"
                        + " are reported at its declaration)");
        return false;
    }
}
