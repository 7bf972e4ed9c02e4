package dev.valence.processor.fingerprint;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.valence.processor.common.CanonicalTypes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Fingerprints an electron's code at compile time: SHA-256 over its signature and body and over
 * every part of the build its body reaches, directly or through other parts: methods and
 * constructors of any class compiled in this javac run (other classes and packages too), the
 * initializers of the fields it reads and of the classes it instantiates, and the values of the
 * constants it reads (javac inlines those, so the tree shows only their names).
 *
 * <p>Parts are sorted by name, so the order of declaration does not count; each is written in
 * {@link CanonicalTreeScanner}'s form, so formatting, comments, modifiers, annotations and javac's
 * version do not count either. Code outside the build (library jars, the JDK) has no tree here:
 * the classes it is reached through are listed instead ({@link Fingerprint#externalClasses()}), for
 * the runtime to fingerprint their class files.
 *
 * <p>One instance serves one round: every part is read once, however many electrons reach it, and
 * nothing survives a round (javac's elements do not).
 */
public final class CodeFingerprinter {
    private static final String SCHEME = "valence-code-v2";

    private final Trees trees;
    private final Elements elements;
    private final CanonicalTypes canonicalTypes;
    /** Parts read this round, by element (or {@link Initializers}). */
    private final Map<Object, Part> parts = new HashMap<>();
    /** Paths of the members reached (null for members without source), by member. */
    private final Map<Element, TreePath> paths = new HashMap<>();
    /** Whether a class has source in this compilation, by class. */
    private final Map<TypeElement, Boolean> inBuild = new HashMap<>();

    /**
     * An electron's code fingerprint.
     *
     * @param code 64 lowercase hex digits
     * @param externalClasses binary names of the classes outside the build that the code reaches,
     *     sorted
     * @param sourceClasses the top-level classes of this build whose source went into the
     *     fingerprint, the electron's own first: the generated file's originating elements, so that
     *     an incremental compiler regenerates it when any of them changes
     * @param parts every part that went into the fingerprint (the electron's method, what it
     *     reaches), by name, with the first {@value #PART_HASH_LENGTH} hex digits of its hash:
     *     not part of the key, but what lets {@code explain} name the part that changed
     */
    public record Fingerprint(
            String code,
            List<String> externalClasses,
            List<TypeElement> sourceClasses,
            SortedMap<String, String> parts) {
        /** Copies the collections. */
        public Fingerprint {
            externalClasses = List.copyOf(externalClasses);
            sourceClasses = List.copyOf(sourceClasses);
            parts = Collections.unmodifiableSortedMap(new TreeMap<>(parts));
        }
    }

    /** Hex digits of a part's hash kept for {@code explain}: enough to tell versions apart, short to read. */
    public static final int PART_HASH_LENGTH = 16;

    /** A class's initializer blocks (and for instances, field initializers), as one part. */
    private record Initializers(TypeElement type, boolean forClass) {}

    /** One part of the code: its name, the hash of its canonical form, and what it reaches. */
    private record Part(String name, String hash, Set<Object> reached, Set<String> external) {}

    /**
     * @param trees javac's tree API
     * @param elements javac's elements, for binary names
     * @param canonicalTypes writes types into the fingerprinted text
     */
    public CodeFingerprinter(Trees trees, Elements elements, CanonicalTypes canonicalTypes) {
        this.trees = trees;
        this.elements = elements;
        this.canonicalTypes = canonicalTypes;
    }

    /**
     * @param electron an electron with source in this compilation
     * @return its fingerprint and the classes outside the build it reaches
     */
    public Fingerprint fingerprint(ExecutableElement electron) {
        Part own = part(electron);
        Map<String, String> reached = new TreeMap<>();
        Set<String> external = new TreeSet<>(own.external());
        Set<Object> seen = new LinkedHashSet<>();
        seen.add(electron);
        Set<TypeElement> sources = new LinkedHashSet<>();
        sources.add(topLevel(electron));
        Deque<Object> pending = new ArrayDeque<>(own.reached());
        while (!pending.isEmpty()) {
            Object next = pending.remove();
            if (seen.add(next)) {
                Part part = part(next);
                reached.put(part.name(), part.hash());
                external.addAll(part.external());
                pending.addAll(part.reached());
                TypeElement top =
                        topLevel(next instanceof Initializers initializers ? initializers.type() : (Element) next);
                if (isInBuild(top)) { // a constant of a library counts by value, and has no source here
                    sources.add(top);
                }
            }
        }
        StringBuilder text =
                new StringBuilder(SCHEME).append('\n').append(own.hash()).append('\n');
        reached.forEach(
                (name, hash) -> text.append(name).append(' ').append(hash).append('\n'));
        SortedMap<String, String> shortParts = new TreeMap<>();
        shortParts.put(own.name(), own.hash().substring(0, PART_HASH_LENGTH));
        reached.forEach((name, hash) -> shortParts.put(name, hash.substring(0, PART_HASH_LENGTH)));
        return new Fingerprint(sha256(text.toString()), List.copyOf(external), List.copyOf(sources), shortParts);
    }

    /** The outermost class around an element (the unit an incremental compiler recompiles). */
    private static TypeElement topLevel(Element element) {
        Element current = element;
        TypeElement outermost = null;
        while (current != null && !(current instanceof javax.lang.model.element.PackageElement)) {
            if (current instanceof TypeElement type) {
                outermost = type;
            }
            current = current.getEnclosingElement();
        }
        return outermost;
    }

    private Part part(Object key) {
        Part part = parts.get(key);
        if (part == null) {
            part = read(key);
            parts.put(key, part);
        }
        return part;
    }

    private Part read(Object key) {
        StringBuilder text = new StringBuilder();
        Set<Object> reached = new LinkedHashSet<>();
        Set<String> external = new TreeSet<>();
        CanonicalTreeScanner scanner =
                new CanonicalTreeScanner(trees, text, element -> reach(element, reached, external));
        String name;
        if (key instanceof ExecutableElement method) {
            name = (method.getKind() == ElementKind.CONSTRUCTOR ? "constructor " : "method ")
                    + memberName(method)
                    + signature(method);
            text.append(canonicalTypes.of(method.getReturnType()))
                    .append(signature(method))
                    .append('\n');
            TreePath path = path(method);
            if (path != null && path.getLeaf() instanceof MethodTree tree) {
                scanner.writeBody(path);
                if (method.getKind() == ElementKind.CONSTRUCTOR) {
                    reachConstructed(method, tree, reached, external);
                }
            }
        } else if (key instanceof VariableElement field) {
            name = "field " + memberName(field);
            Object constant = field.getConstantValue();
            if (constant != null) {
                text.append("constant ").append(Literals.canonical(constant));
            } else {
                text.append(canonicalTypes.of(field.asType())).append(typeMarker(field.asType()));
                TreePath path = path(field);
                if (path != null && path.getLeaf() instanceof VariableTree tree && tree.getInitializer() != null) {
                    scanner.write(new TreePath(path, tree.getInitializer()));
                }
                if (field.getModifiers().contains(Modifier.STATIC)) {
                    reached.add(new Initializers(owner(field), true));
                }
            }
        } else {
            Initializers initializers = (Initializers) key;
            name = (initializers.forClass() ? "class initializer " : "instance initializer ")
                    + binaryName(initializers.type());
            writeInitializers(initializers, scanner);
        }
        return new Part(name, sha256(text.toString()), reached, external);
    }

    /**
     * A constructor also runs the instance initializers of its class, and, when it calls no other
     * constructor, the superclass's constructor without arguments.
     */
    private void reachConstructed(
            ExecutableElement constructor, MethodTree tree, Set<Object> reached, Set<String> external) {
        TypeElement type = owner(constructor);
        reached.add(new Initializers(type, false));
        List<? extends StatementTree> statements =
                tree.getBody() == null ? List.of() : tree.getBody().getStatements();
        boolean callsAConstructor = !statements.isEmpty()
                && !CanonicalTreeScanner.isPlainSuperCall(statements.get(0))
                && statements.get(0) instanceof ExpressionStatementTree statement
                && statement.getExpression() instanceof MethodInvocationTree call
                && call.getMethodSelect() instanceof IdentifierTree callee
                && (callee.getName().contentEquals("super") || callee.getName().contentEquals("this"));
        TypeMirror superclass = type.getSuperclass();
        if (callsAConstructor || superclass.getKind() != TypeKind.DECLARED) {
            return;
        }
        TypeElement parent = (TypeElement) ((DeclaredType) superclass).asElement();
        for (ExecutableElement candidate : ElementFilter.constructorsIn(parent.getEnclosedElements())) {
            if (candidate.getParameters().isEmpty()) {
                reach(candidate, reached, external);
            }
        }
    }

    private void writeInitializers(Initializers initializers, CanonicalTreeScanner scanner) {
        TreePath classPath = trees.getPath(initializers.type());
        if (classPath == null || !(classPath.getLeaf() instanceof ClassTree tree)) {
            return;
        }
        for (Tree member : tree.getMembers()) {
            if (member instanceof BlockTree block && block.isStatic() == initializers.forClass()) {
                scanner.write(new TreePath(classPath, block));
            } else if (!initializers.forClass()
                    && member instanceof VariableTree field
                    && field.getInitializer() != null
                    && !field.getModifiers().getFlags().contains(Modifier.STATIC)) {
                // Instance fields are initialized by every constructor that calls no other one.
                scanner.write(new TreePath(new TreePath(classPath, field), field.getInitializer()));
            }
        }
    }

    /** Sorts what a tree resolves to into parts of the build, constants, and classes outside. */
    private void reach(Element element, Set<Object> reached, Set<String> external) {
        ElementKind kind = element.getKind();
        boolean executable = kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR;
        boolean field = kind == ElementKind.FIELD || kind == ElementKind.ENUM_CONSTANT;
        if (!executable && !field) {
            return; // locals, parameters, types and packages are written where they are used
        }
        if (!(element.getEnclosingElement() instanceof TypeElement owner) || isArrayLength(element, owner)) {
            return;
        }
        if (field && ((VariableElement) element).getConstantValue() != null) {
            reached.add(element); // inlined by javac: counts by value, wherever it is declared
        } else if (!isInBuild(owner)) {
            external.add(binaryName(owner));
        } else if (path(element) != null) {
            reached.add(element);
        }
        // In the build without a tree: made by javac (this, super, X.class, an enum's values()),
        // nothing the user can edit but the class, which is read where it is written.
    }

    private static boolean isArrayLength(Element element, TypeElement owner) {
        return element.getSimpleName().contentEquals("length")
                && owner.getQualifiedName().contentEquals("Array");
    }

    private boolean isInBuild(TypeElement type) {
        return inBuild.computeIfAbsent(type, t -> trees.getTree(t) != null);
    }

    /** javac searches the declaring class's tree for an element's path on every call: once is enough. */
    private TreePath path(Element element) {
        if (paths.containsKey(element)) {
            return paths.get(element);
        }
        TreePath path = trees.getPath(element);
        paths.put(element, path);
        return path;
    }

    private TypeElement owner(Element member) {
        return (TypeElement) member.getEnclosingElement();
    }

    private String memberName(Element member) {
        return binaryName(owner(member)) + '#' + member.getSimpleName();
    }

    private String binaryName(TypeElement type) {
        return elements.getBinaryName(type).toString();
    }

    private String signature(ExecutableElement method) {
        StringBuilder out = new StringBuilder("(");
        for (VariableElement parameter : method.getParameters()) {
            out.append(out.length() == 1 ? "" : ",")
                    .append(canonicalTypes.of(parameter.asType()))
                    .append(typeMarker(parameter.asType()));
        }
        return out.append(')').toString();
    }

    /** Canonical types box primitives; an {@code int} and an {@code Integer} still differ in code. */
    private static String typeMarker(TypeMirror type) {
        return type.getKind().isPrimitive() ? "!" : "";
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
