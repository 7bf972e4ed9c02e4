package dev.valence.processor.lattice;

import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.valence.processor.common.Env;
import dev.valence.processor.validation.ValidationReport;
import javax.lang.model.type.TypeMirror;

/**
 * What every body rule works with: the compiler, the analysed body and the report of this body.
 *
 * @param env the compiler services
 * @param body the body being checked
 * @param report where findings go
 */
record RuleContext(Env env, AnalysedBody body, ValidationReport report) {

    /** Reports an error on an expression or statement of the body. */
    void error(Tree tree, String message) {
        report.error(tree, body.source().unit(), message);
    }

    /** The type of an expression; an unresolved one makes the report incomplete. */
    TypeMirror typeOf(TreePath path) {
        return incompleteIfNull(body.typeOf(path));
    }

    /** The value type of an electron-valued expression; an unresolved one makes the report incomplete. */
    TypeMirror valueType(TreePath path) {
        return incompleteIfNull(body.valueType(path));
    }

    private TypeMirror incompleteIfNull(TypeMirror type) {
        if (type == null) {
            report.markIncomplete(); // javac reports what stays unresolved
        }
        return type;
    }
}
