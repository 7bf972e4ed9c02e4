package dev.valence.processor.lattice;

import javax.lang.model.element.ExecutableElement;

/**
 * Rule: a lattice body returns a value (outside lambdas and nested classes), since that value is
 * the result node of the graph. Checked after the walk, which notes each return it passes.
 */
final class ReturnRule {
    private final RuleContext context;
    private boolean returned;

    ReturnRule(RuleContext context) {
        this.context = context;
    }

    void noteReturn() {
        returned = true;
    }

    /** Reports a body without a return, unless other findings already explain what is wrong. */
    void check() {
        if (returned || context.report().hasErrors() || context.report().isIncomplete()) {
            return;
        }
        ExecutableElement lattice = context.body().lattice();
        context.report()
                .error(
                        lattice,
                        "lattice '" + lattice.getSimpleName() + "' never returns: end it with 'return' of an"
                                + " electron's result (or of a parameter or a value)");
    }
}
