package dev.valence.processor.fingerprint;

import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.valence.processor.common.CanonicalTypes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Fingerprints an electron's code at compile time: SHA-256 over its return and parameter types,
 * its body, and the signature and body of every method of the same class it calls, directly or
 * through other such methods (sorted by signature, so the order of declaration does not count).
 *
 * <p>Bodies are printed from javac's syntax trees, which drops comments and formatting. Modifiers
 * and annotations are left out on purpose: tuning {@code retries} must not invalidate stored
 * results.
 */
public final class CodeFingerprinter {
    private final Trees trees;
    private final CanonicalTypes canonicalTypes;
    private final Map<ExecutableElement, String> printedBodies = new HashMap<>();

    /**
     * @param trees javac's tree API
     * @param canonicalTypes writes types into the fingerprinted text
     */
    public CodeFingerprinter(Trees trees, CanonicalTypes canonicalTypes) {
        this.trees = trees;
        this.canonicalTypes = canonicalTypes;
    }

    /**
     * Prints the bodies of a class's methods now. Call it before anything resolves elements in the
     * class: attribution fills in synthetic trees (the inferred type of a {@code var}, for one),
     * and a fingerprint must not depend on whether that happened first.
     *
     * @param type a class about to be processed
     */
    public void snapshot(TypeElement type) {
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            printedBodies.computeIfAbsent(method, this::printBody);
        }
    }

    private String printBody(ExecutableElement method) {
        MethodTree tree = trees.getTree(method);
        return tree == null || tree.getBody() == null ? "" : tree.getBody().toString();
    }

    /**
     * @param electron an electron with source in this compilation
     * @return the fingerprint, 64 lowercase hex digits
     */
    public String fingerprint(ExecutableElement electron) {
        StringBuilder text = new StringBuilder("valence-code-v1\n");
        text.append(canonicalTypes.of(electron.getReturnType()))
                .append(' ')
                .append(signature(electron))
                .append('\n')
                .append(body(electron))
                .append('\n');
        Map<String, String> callees = new TreeMap<>();
        for (ExecutableElement callee : sameClassCallees(electron)) {
            callees.put(signature(callee), body(callee));
        }
        callees.forEach((signature, body) -> text.append("calls ")
                .append(signature)
                .append('\n')
                .append(body)
                .append('\n'));
        return sha256(text.toString());
    }

    private String body(ExecutableElement method) {
        return printedBodies.computeIfAbsent(method, this::printBody);
    }

    private String signature(ExecutableElement method) {
        return method.getParameters().stream()
                .map(parameter -> canonicalTypes.of(parameter.asType()))
                .collect(Collectors.joining(",", method.getSimpleName() + "(", ")"));
    }

    /** Walks the call graph inside the electron's class, breadth first, not counting the electron itself. */
    private Set<ExecutableElement> sameClassCallees(ExecutableElement electron) {
        Set<ExecutableElement> seen = new LinkedHashSet<>();
        Deque<ExecutableElement> pending = new ArrayDeque<>();
        pending.add(electron);
        while (!pending.isEmpty()) {
            for (ExecutableElement callee : directCallees(pending.remove())) {
                if (!callee.equals(electron) && seen.add(callee)) {
                    pending.add(callee);
                }
            }
        }
        return seen;
    }

    private Set<ExecutableElement> directCallees(ExecutableElement method) {
        Set<ExecutableElement> callees = new LinkedHashSet<>();
        TreePath path = trees.getPath(method);
        if (path == null) {
            return callees;
        }
        Element owner = method.getEnclosingElement();
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
                collect();
                return super.visitMethodInvocation(tree, unused);
            }

            @Override
            public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
                collect();
                return super.visitMemberReference(tree, unused);
            }

            private void collect() {
                // Unresolved calls give null or an error symbol; javac reports them, the fingerprint skips them.
                Element element = trees.getElement(getCurrentPath());
                if (element instanceof ExecutableElement callee
                        && callee.getKind() == ElementKind.METHOD
                        && owner.equals(callee.getEnclosingElement())) {
                    callees.add(callee);
                }
            }
        }.scan(path, null);
        return callees;
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
