package dev.valence.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.Trees;
import dev.valence.processor.common.CanonicalTypes;
import dev.valence.processor.common.Env;
import dev.valence.processor.common.EnvironmentUnwrapper;
import dev.valence.processor.common.ValenceAnnotations;
import dev.valence.processor.fingerprint.CodeFingerprinter;
import dev.valence.processor.step.ClassStep;
import dev.valence.processor.step.GeneratedClassNames;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Valence's annotation processor: for every class with {@code @Electron} methods it writes {@code
 * <Class>Electrons}, and for every class with {@code @Lattice} methods {@code <Class>Lattices},
 * whose methods build the lattices' graphs.
 *
 * <p>It works class by class ({@link ClassStep}). A class that mentions something javac has not
 * resolved yet is retried in the next round; whatever is still unresolved in the last round is
 * left for javac to report. The processor never throws: a failure inside it is reported as an
 * error on the class being processed, with the stack trace.
 */
@AutoService(Processor.class)
public final class ValenceProcessor extends AbstractProcessor {
    private static final String GENERATED = "javax.annotation.processing.Generated";

    private Env env;
    private CanonicalTypes canonicalTypes;
    /** The class of a wrapped environment that hides javac's trees; null when trees are available. */
    private String wrappedEnvironment;

    private boolean reportedMissingTrees;
    /** Classes to read again next round, by qualified name: elements do not survive rounds. */
    private final Set<String> deferred = new TreeSet<>();
    /** Classes already generated or reported, so that no class is handled twice. */
    private final Set<String> done = new HashSet<>();
    /** Generated class names claimed in any round, so that two classes never write the same one. */
    private final GeneratedClassNames generatedNames = new GeneratedClassNames();

    @Override
    public synchronized void init(ProcessingEnvironment processingEnv) {
        super.init(processingEnv);
        Trees trees = EnvironmentUnwrapper.trees(processingEnv);
        if (trees != null) {
            // The wrapper's own services are kept: Gradle's Filer records originating elements.
            env = new Env(
                    processingEnv.getElementUtils(),
                    processingEnv.getTypeUtils(),
                    trees,
                    processingEnv.getMessager(),
                    processingEnv.getFiler());
            canonicalTypes = new CanonicalTypes(env.elements(), env.types());
        } else {
            wrappedEnvironment = processingEnv.getClass().getName();
        }
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        // @Generated is on the code this processor writes; claiming it keeps -Xlint:processing from
        // warning, in the next round, that no processor claimed it (which -Werror turns into an error).
        return Set.of(
                ValenceAnnotations.ELECTRON,
                ValenceAnnotations.LATTICE,
                ValenceAnnotations.IGNORE_FOR_CACHE,
                GENERATED);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
        if (env == null) {
            reportMissingTrees(annotations);
            return false;
        }
        List<TypeElement> classes = classesToProcess(annotations, roundEnv);
        // One per round: it caches what it read, and elements do not outlive their round.
        CodeFingerprinter fingerprinter = new CodeFingerprinter(env.trees(), env.elements(), canonicalTypes);
        ClassStep step = new ClassStep(env, canonicalTypes, fingerprinter, generatedNames);
        for (TypeElement type : classes) {
            String name = type.getQualifiedName().toString();
            // Local classes have no name to find them by next round; they are reported right away.
            boolean lastChance = roundEnv.processingOver() || name.isEmpty();
            try {
                ClassStep.Outcome outcome = step.process(type, lastChance);
                if (outcome == ClassStep.Outcome.DEFERRED) {
                    deferred.add(name);
                } else {
                    done.add(name);
                }
            } catch (RuntimeException bug) {
                done.add(name);
                reportBug(type, bug);
            }
        }
        // Claim the annotations: they are Valence's, and unclaimed ones make -Xlint:processing warn.
        return true;
    }

    private List<TypeElement> classesToProcess(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
        Set<TypeElement> classes = new LinkedHashSet<>();
        for (String name : deferred) {
            TypeElement type = env.elements().getTypeElement(name);
            if (type != null) {
                classes.add(type);
            }
        }
        deferred.clear();
        for (TypeElement annotation : annotations) {
            if (annotation.getQualifiedName().contentEquals(GENERATED)) {
                continue;
            }
            for (Element method : roundEnv.getElementsAnnotatedWith(annotation)) {
                if (method.getEnclosingElement() instanceof TypeElement type
                        && !done.contains(type.getQualifiedName().toString())) {
                    classes.add(type);
                }
            }
        }
        return new ArrayList<>(classes);
    }

    private void reportMissingTrees(Set<? extends TypeElement> annotations) {
        boolean valenceAnnotations = annotations.stream()
                .anyMatch(annotation -> !annotation.getQualifiedName().contentEquals(GENERATED));
        if (reportedMissingTrees || !valenceAnnotations) {
            return;
        }
        reportedMissingTrees = true;
        processingEnv
                .getMessager()
                .printMessage(
                        Diagnostic.Kind.ERROR,
                        "Valence needs javac's tree API (com.sun.source.util.Trees); this build wraps the"
                                + " ProcessingEnvironment in " + wrappedEnvironment + ", and Valence found no javac"
                                + " environment inside it (it looks for Gradle's 'delegate' field and for the"
                                + " ProcessingEnvironment held by a proxy's handler). Compile with javac (Maven's"
                                + " compiler plugin, Gradle, or IntelliJ's javac), or disable the tool's wrapping of"
                                + " annotation processors.");
    }

    private void reportBug(TypeElement type, RuntimeException bug) {
        StringWriter trace = new StringWriter();
        bug.printStackTrace(new PrintWriter(trace));
        processingEnv
                .getMessager()
                .printMessage(
                        Diagnostic.Kind.ERROR,
                        "Valence's annotation processor failed on this class; this is a bug in Valence,"
                                + " please report it with this stack trace:\n" + trace,
                        type);
    }
}
