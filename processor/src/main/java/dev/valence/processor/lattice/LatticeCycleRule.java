package dev.valence.processor.lattice;

import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import dev.valence.processor.common.ValenceAnnotations;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * Rule: a lattice does not call itself, directly or through other lattices. Lattice calls with
 * plain values are expanded inline while the graph is built, so recursion would build forever; the
 * graph must be finite.
 *
 * <p>Only lattices of the same class are followed (their bodies are read); other classes' bodies
 * are not, so that the processor stays isolating.
 */
final class LatticeCycleRule {
    private final RuleContext context;

    LatticeCycleRule(RuleContext context) {
        this.context = context;
    }

    /**
     * @param invocation a call of a lattice in the body
     * @param callee the called lattice
     * @return whether the call closes no cycle; false when reported
     */
    boolean check(MethodInvocationTree invocation, ExecutableElement callee) {
        List<String> cycle = cycle(callee);
        if (cycle.isEmpty()) {
            return true;
        }
        context.error(
                invocation,
                "lattice '" + context.body().lattice().getSimpleName() + "' calls itself"
                        + (cycle.size() > 1 ? " (through " + String.join(" -> ", cycle) + ")" : "")
                        + "; a lattice's graph must be finite, so lattices cannot be recursive: iterate with a"
                        + " loop over an input, or move the repetition into an electron");
        return false;
    }

    /**
     * Finds a path of lattice calls from {@code callee} back to this lattice, breadth first, so the
     * message names the shortest one.
     *
     * @return the lattices on the way, from {@code callee} to this one; empty when there is no cycle
     */
    private List<String> cycle(ExecutableElement callee) {
        ExecutableElement lattice = context.body().lattice();
        Map<ExecutableElement, ExecutableElement> cameFrom = new HashMap<>();
        Deque<ExecutableElement> pending = new ArrayDeque<>();
        pending.add(callee);
        cameFrom.put(callee, callee);
        while (!pending.isEmpty()) {
            ExecutableElement current = pending.remove();
            if (current.equals(lattice)) {
                List<String> way = new ArrayList<>();
                for (ExecutableElement at = current; ; at = cameFrom.get(at)) {
                    way.add(0, "'" + at.getSimpleName() + "'");
                    if (cameFrom.get(at).equals(at)) {
                        return way;
                    }
                }
            }
            if (!current.getEnclosingElement().equals(lattice.getEnclosingElement())) {
                continue;
            }
            for (ExecutableElement next : latticesCalledBy(current)) {
                if (!cameFrom.containsKey(next)) {
                    cameFrom.put(next, current);
                    pending.add(next);
                }
            }
        }
        return List.of();
    }

    private Set<ExecutableElement> latticesCalledBy(ExecutableElement method) {
        Set<ExecutableElement> called = new LinkedHashSet<>();
        TreePath path = context.env().trees().getPath(method);
        if (path == null) {
            return called;
        }
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
                if (context.body().element(getCurrentPath()) instanceof ExecutableElement target
                        && ValenceAnnotations.isLattice(target)
                        && !ValenceAnnotations.isElectron(target)) {
                    called.add(target);
                }
                return super.visitMethodInvocation(invocation, unused);
            }
        }.scan(path, null);
        return called;
    }
}
