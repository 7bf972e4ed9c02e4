package dev.valence.processor.generation;

import com.sun.source.tree.StatementTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePathScanner;
import dev.valence.processor.common.CanonicalTypes;
import dev.valence.processor.common.Env;
import dev.valence.processor.common.ValenceAnnotations;
import dev.valence.processor.lattice.AnalysedBody;
import dev.valence.processor.model.Code;
import dev.valence.processor.model.LatticeBody;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Lowers an analysed lattice body into the body of its graph builder ({@link LatticeBody}).
 *
 * <p>The body is copied: loops, conditions, arithmetic, helper calls and locals of ordinary types
 * stay Java and run while the graph is built, with the concrete inputs. What changes: every
 * electron call becomes a node ({@code graph.call(...)}) and yields a handle; every local that
 * holds an electron output becomes a {@code Handle<T>}, and every {@code List} local that collects
 * them a {@code List<Handle<T>>}; plain values passed to electrons become constant nodes; collection
 * literals of electron outputs become collection nodes; lattices called with plain values are
 * expanded inline, lattices called with an electron output become dynamic sublattices.
 *
 * <p>It takes only bodies the lattice rules accepted, and so checks nothing itself: every name and
 * type resolves, and every electron output stands where the graph takes it.
 */
public final class LatticeBodyLowering {
    private final Env env;
    private final CanonicalTypes canonicalTypes;

    /**
     * @param env the compiler services
     * @param canonicalTypes writes the types of nodes
     */
    public LatticeBodyLowering(Env env, CanonicalTypes canonicalTypes) {
        this.env = env;
        this.canonicalTypes = canonicalTypes;
    }

    /**
     * @param body a lattice body the rules found no fault in
     * @return the builder's body
     */
    public LatticeBody lower(AnalysedBody body) {
        List<? extends StatementTree> statements = body.statements();
        long start = body.source().start(statements.get(0));
        long end = body.source().end(statements.get(statements.size() - 1));
        BodyLowering lowering = new BodyLowering(
                env, canonicalTypes, body, SourceEdits.columnOf(body.source().text(), start));
        SourceEdits edits = lowering.edits();
        new StatementLowering(lowering, edits).scan(body.path(), null);
        Code code = edits.assemble(start, end);
        Set<String> warnings = new TreeSet<>(lowering.warnings());
        warnings.addAll(suppressedWarnings(body.lattice()));
        List<String> parameters = body.lattice().getParameters().stream()
                .map(parameter -> parameter.getSimpleName().toString())
                .toList();
        return new LatticeBody(
                code,
                parameters.stream().filter(lowering.valueParameters()::contains).toList(),
                parameters.stream()
                        .filter(lowering.handleParameters()::contains)
                        .toList(),
                declaredNames(body),
                new ArrayList<>(warnings));
    }

    /** The lattice's own {@code SuppressWarnings}, and its classes': the copied body keeps them. */
    private static List<String> suppressedWarnings(Element lattice) {
        List<String> suppressed = new ArrayList<>();
        for (Element at = lattice; at != null && !(at instanceof PackageElement); at = at.getEnclosingElement()) {
            for (AnnotationMirror annotation : at.getAnnotationMirrors()) {
                TypeElement type = (TypeElement) annotation.getAnnotationType().asElement();
                if (!type.getQualifiedName().contentEquals("java.lang.SuppressWarnings")) {
                    continue;
                }
                ValenceAnnotations.explicitValue(annotation, "value").ifPresent(value -> {
                    if (value.getValue() instanceof List<?> values) {
                        for (Object item : values) {
                            suppressed.add(String.valueOf(((AnnotationValue) item).getValue()));
                        }
                    }
                });
            }
        }
        return suppressed;
    }

    /** Every name the body declares (and the parameters), which the generator's own names avoid. */
    private static List<String> declaredNames(AnalysedBody body) {
        Set<String> names = new TreeSet<>();
        body.lattice()
                .getParameters()
                .forEach(parameter -> names.add(parameter.getSimpleName().toString()));
        new TreePathScanner<Void, Void>() {
            @Override
            public Void visitVariable(VariableTree variable, Void unused) {
                names.add(variable.getName().toString());
                return super.visitVariable(variable, unused);
            }
        }.scan(body.path(), null);
        return new ArrayList<>(names);
    }
}
