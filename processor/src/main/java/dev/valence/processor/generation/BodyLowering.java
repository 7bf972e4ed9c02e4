package dev.valence.processor.generation;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.sun.source.util.TreePath;
import dev.valence.processor.common.CanonicalTypes;
import dev.valence.processor.common.Env;
import dev.valence.processor.common.GraphTypes;
import dev.valence.processor.lattice.AnalysedBody;
import dev.valence.processor.model.Code;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * The state of lowering one lattice body: what it found out along the way (which parameters the
 * body uses as values and which it passes to the graph, which warnings the copy causes), and the
 * helpers its statement and value lowerings share.
 */
final class BodyLowering {
    private final Env env;
    private final CanonicalTypes canonicalTypes;
    private final AnalysedBody body;
    private final int column;
    private final Set<String> valueParameters = new HashSet<>();
    private final Set<String> handleParameters = new HashSet<>();
    private final Set<String> warnings = new TreeSet<>();
    private final ValueLowering values;

    BodyLowering(Env env, CanonicalTypes canonicalTypes, AnalysedBody body, int column) {
        this.env = env;
        this.canonicalTypes = canonicalTypes;
        this.body = body;
        this.column = column;
        this.values = new ValueLowering(this);
    }

    Env env() {
        return env;
    }

    CanonicalTypes canonicalTypes() {
        return canonicalTypes;
    }

    AnalysedBody body() {
        return body;
    }

    GraphTypes types() {
        return body.types();
    }

    ValueLowering values() {
        return values;
    }

    Set<String> valueParameters() {
        return valueParameters;
    }

    Set<String> handleParameters() {
        return handleParameters;
    }

    Set<String> warnings() {
        return warnings;
    }

    /** A new set of edits of this body's source. */
    SourceEdits edits() {
        return new SourceEdits(body.source(), column);
    }

    /** Copies the source of a tree, lowered; the tree is a plain Java value, not an electron output. */
    Code rewrite(TreePath path) {
        SourceEdits edits = edits();
        new StatementLowering(this, edits).scan(path, null);
        return edits.assemble(body.source().start(path.getLeaf()), body.source().end(path.getLeaf()));
    }

    /** The type of an expression, which resolves in a body the rules accepted. */
    TypeMirror typeOf(TreePath path) {
        return resolved(body.typeOf(path), path);
    }

    /** The value type of an electron-valued expression, which resolves in a body the rules accepted. */
    TypeMirror valueType(TreePath path) {
        return resolved(body.valueType(path), path);
    }

    private static TypeMirror resolved(TypeMirror type, TreePath path) {
        if (type == null) {
            throw new IllegalStateException("unresolved type in a checked lattice body: " + path.getLeaf());
        }
        return type;
    }

    /**
     * Notes a deprecated member the body uses: javac does not warn about it inside its own class,
     * but would in the generated one.
     */
    void noteDeprecation(Element element) {
        if (env.elements().isDeprecated(element)) {
            warnings.add("deprecation");
        }
    }

    /** The boxed type's name, as a handle's type argument. */
    TypeName boxedName(TypeMirror type) {
        return TypeName.get(types().box(type));
    }

    /** {@code List<Handle<E>>} for a local declared {@code List<E>} (or {@code ArrayList<E>} ...); null if not so. */
    Code.HandleCollectionType handleListType(TypeMirror declared, TypeMirror element) {
        if (!types().collects(declared, element)) {
            return null;
        }
        return new Code.HandleCollectionType(
                ClassName.get((TypeElement) ((DeclaredType) declared).asElement()), boxedName(element));
    }
}
