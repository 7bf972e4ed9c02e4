package dev.valence.processor.lattice;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.valence.processor.common.Env;
import dev.valence.processor.common.GraphTypes;
import dev.valence.processor.validation.ValidationReport;
import java.io.IOException;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;

/**
 * Analyses the body of a {@code @Lattice} method and checks it against the lattice language.
 *
 * <p>The body is later copied into a graph builder: loops, conditions, arithmetic, helper calls
 * and locals of ordinary types stay Java and run while the graph is built, with the concrete
 * inputs; electron calls become nodes, and locals holding their outputs become handles. The
 * analysis finds which locals and expressions carry electron outputs ({@link OutputFlow}); the
 * rules, one class each, then report every use of an output the graph cannot take, and every
 * construct the copy cannot hold.
 *
 * <p>Calls are resolved with {@code Trees.getElement}, which attributes the class on demand. What
 * does not resolve (a typo, or a type generated later) makes the report incomplete, and the class
 * is retried in a later round; javac reports whatever is still unresolved at the end. Whatever
 * javac itself rejects is left to javac.
 */
public final class LatticeBodyAnalyzer {
    private final Env env;
    private final GraphTypes types;

    /** @param env the compiler services */
    public LatticeBodyAnalyzer(Env env) {
        this.env = env;
        this.types = new GraphTypes(env.elements(), env.types());
    }

    /**
     * The outcome of analysing one body.
     *
     * @param report the findings
     * @param body the analysed body; present only when the report is clean
     */
    public record Analysis(ValidationReport report, Optional<AnalysedBody> body) {}

    /**
     * @param lattice a {@code @Lattice} method whose declaration passed the declaration checks
     * @return the findings, and the analysed body when there are none
     */
    public Analysis analyse(ExecutableElement lattice) {
        ValidationReport report = new ValidationReport();
        TreePath methodPath = env.trees().getPath(lattice);
        if (methodPath == null || ((MethodTree) methodPath.getLeaf()).getBody() == null) {
            BodySourceRule.reportMissingBody(report, lattice);
            return new Analysis(report, Optional.empty());
        }
        BodySource source;
        try {
            source = BodySource.read(env.trees(), methodPath.getCompilationUnit());
        } catch (IOException e) {
            BodySourceRule.reportUnreadable(report, lattice, e);
            return new Analysis(report, Optional.empty());
        }
        BlockTree block = ((MethodTree) methodPath.getLeaf()).getBody();
        TreePath bodyPath = new TreePath(methodPath, block);
        if (block.getStatements().isEmpty()) {
            report.markIncomplete(); // javac reports the missing return
            return new Analysis(report, Optional.empty());
        }
        attribute(bodyPath);
        AnalysedBody body = new AnalysedBody(
                lattice, bodyPath, source, OutputFlow.analyse(env.trees(), types, bodyPath), env.trees(), types);
        new BodyRules(new RuleContext(env, body, report)).checkBody();
        return new Analysis(report, report.isClean() ? Optional.of(body) : Optional.empty());
    }

    /** Attributes the class (javac does it on demand when an expression is resolved). */
    private void attribute(TreePath body) {
        new TreePathScanner<Boolean, Void>() {
            @Override
            public Boolean scan(Tree tree, Void unused) {
                if (tree instanceof IdentifierTree || tree instanceof LiteralTree) {
                    env.trees().getElement(new TreePath(getCurrentPath(), tree));
                    return true;
                }
                return Boolean.TRUE.equals(super.scan(tree, unused));
            }

            @Override
            public Boolean reduce(Boolean a, Boolean b) {
                return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
            }
        }.scan(body, null);
    }
}
