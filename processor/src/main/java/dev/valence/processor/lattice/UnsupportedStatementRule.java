package dev.valence.processor.lattice;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.TryTree;

/**
 * Rule: no try statements, synchronized blocks or local classes in a lattice body. The first two
 * would guard the building of the graph, not the electrons, which run later on the runtime's
 * threads; a local class could not be named from the generated code the body is copied into.
 */
final class UnsupportedStatementRule {
    private final RuleContext context;

    UnsupportedStatementRule(RuleContext context) {
        this.context = context;
    }

    void reportTry(TryTree tree) {
        context.error(
                tree,
                "try statements are not supported in a lattice body: electrons fail when the graph runs, not"
                        + " while it is built, so a catch here would never see their errors; handle errors"
                        + " inside the electron (or use its retries)");
    }

    void reportSynchronized(SynchronizedTree tree) {
        context.error(
                tree,
                "synchronized blocks are not supported in a lattice body: electrons run later, on the"
                        + " runtime's threads, outside the lock; synchronize inside the electron");
    }

    void reportLocalClass(ClassTree tree) {
        context.error(
                tree,
                "local classes are not supported in a lattice body, which is copied into generated code:" + " declare '"
                        + tree.getSimpleName() + "' as a (static nested) class outside the lattice");
    }
}
