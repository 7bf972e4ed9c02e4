package dev.valence.processor.lattice;

import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import dev.valence.processor.common.GraphTypes;
import javax.lang.model.type.TypeMirror;

/**
 * Rule: an electron output goes where its own type (boxed) is expected. The graph hands values
 * from node to node without Java's conversions, so a widening or unboxing javac would accept in
 * plain code does not happen there; where javac itself rejects the types, it says so.
 */
final class ValueConversionRule {
    private final RuleContext context;

    ValueConversionRule(RuleContext context) {
        this.context = context;
    }

    /**
     * @param tree the electron-valued expression
     * @param type its value type
     * @param target the type it is passed as
     * @param exact whether the types must match exactly (see {@link GraphTypes#passes})
     * @param role what the value is passed as, for the message
     * @return whether the value passes as it is; false when reported (or left to javac)
     */
    boolean check(Tree tree, TypeMirror type, TypeMirror target, boolean exact, String role) {
        GraphTypes types = context.body().types();
        if (types.passes(type, target, exact)) {
            return true;
        }
        if (!types.assignable(type, target) && !types.boxedAssignable(type, target)) {
            context.report().markIncomplete(); // javac reports the incompatible types itself
        } else {
            context.error(
                    tree,
                    "'" + tree + "' is " + type + " but " + role + " is " + target + "; the graph passes"
                            + " values without conversion: make the types match, or convert inside an"
                            + " electron");
        }
        return false;
    }

    /** Checks the variable of a loop over a list of outputs, which receives them one by one. */
    void checkLoopVariable(VariableTree variable, TypeMirror declared, OutputHolder list) {
        if (!context.body().types().sameBoxed(declared, list.type())) {
            context.error(
                    variable,
                    "'" + variable.getName() + "' is declared " + declared + " but the list holds " + list.type()
                            + "; the graph passes values without conversion: declare it as " + list.type()
                            + " (or var)");
        }
    }
}
