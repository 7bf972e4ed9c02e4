package dev.valence.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.QualifiedNameable;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * An electron's generated reference names, as its originating elements, every class of the build
 * whose code went into its fingerprint: an incremental compiler (Gradle, an IDE) that recompiles
 * only changed files then regenerates the reference, and its fingerprint, when a helper in another
 * class changes. Observed as Gradle observes it, through the {@code Filer} of a wrapped environment.
 */
class OriginatingElementsTest {
    private static final String CALC = """
            package p;

            import dev.valence.Electron;
            import dev.valence.Lattice;
            import q.Fmt;

            public class Calc {
                @Electron static String task(int a) {
                    return Fmt.row(a * Limits.FACTOR);
                }

                @Electron static int alone(int a) {
                    return a + 1;
                }

                @Lattice static String flow(int a) {
                    return task(alone(a));
                }
            }
            """;

    private static final String LIMITS = """
            package p;

            final class Limits {
                static final int FACTOR = Integer.MAX_VALUE / 1000;

                private Limits() {}
            }
            """;

    private static final String FMT = """
            package q;

            public final class Fmt {
                private Fmt() {}

                public static String row(int value) {
                    return Pad.of(value) + ";";
                }
            }
            """;

    private static final String PAD = """
            package q;

            final class Pad {
                private Pad() {}

                static String of(int value) {
                    return "[" + value + "]";
                }
            }
            """;

    private static final String ALONE = """
            package r;

            import dev.valence.Electron;

            public class Alone {
                @Electron static int twice(int a) {
                    return 2 * a;
                }
            }
            """;

    /** The originating elements of each file created, by the file's name. */
    private final Map<String, List<String>> origins = new TreeMap<>();

    @Test
    void theReferenceNamesEveryClassWhoseCodeItsFingerprintsRead() {
        Compilation compilation = compile(CALC, LIMITS, FMT, PAD, ALONE);

        assertThat(compilation).succeededWithoutWarnings();
        // The electron's class first, then what its electrons reach, transitively (q.Pad through
        // q.Fmt), constants included (p.Limits); a library class (Integer) has no source here.
        assertThat(origins.get("p.CalcElectrons")).containsExactly("p.Calc", "q.Fmt", "p.Limits", "q.Pad");
        assertThat(origins.get("p.CalcLattices")).containsExactly("p.Calc");
        assertThat(origins.get("r.AloneElectrons")).containsExactly("r.Alone");
    }

    /** The same parts, listed in the reference for explain to name the one that changed. */
    @Test
    void theReferenceListsThePartsOfEachFingerprint() {
        Compilation compilation = compile(CALC, LIMITS, FMT, PAD, ALONE);
        String electrons = Compilations.generatedSource(compilation, "p.CalcElectrons");
        assertThat(electrons).contains(".codePart(\"method q.Fmt#row(java.lang.Integer!)\", \"");
        assertThat(electrons).contains(".codePart(\"method q.Pad#of(java.lang.Integer!)\", \"");
        assertThat(electrons).contains(".codePart(\"field p.Limits#FACTOR\", \"");
        String alone = Compilations.generatedSource(compilation, "r.AloneElectrons");
        assertThat(alone).doesNotContain("q.Fmt");
    }

    private Compilation compile(String... sources) {
        return javac().withProcessors(new Recording())
                .withOptions("-Xlint:all", "-Werror")
                .compile(java.util.Arrays.stream(sources)
                        .map(Compilations::source)
                        .toArray(javax.tools.JavaFileObject[]::new));
    }

    /** Runs Valence in an environment whose Filer records originating elements, as Gradle's does. */
    private final class Recording extends AbstractProcessor {
        private final ValenceProcessor valence = new ValenceProcessor();

        @Override
        public synchronized void init(ProcessingEnvironment processingEnv) {
            super.init(processingEnv);
            Filer filer = recordingFiler(processingEnv.getFiler());
            valence.init((ProcessingEnvironment) Proxy.newProxyInstance(
                    OriginatingElementsTest.class.getClassLoader(),
                    new Class<?>[] {ProcessingEnvironment.class},
                    new Environment(processingEnv, filer)));
        }

        @Override
        public Set<String> getSupportedAnnotationTypes() {
            return valence.getSupportedAnnotationTypes();
        }

        @Override
        public SourceVersion getSupportedSourceVersion() {
            return valence.getSupportedSourceVersion();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
            return valence.process(annotations, roundEnv);
        }
    }

    private Filer recordingFiler(Filer real) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("createSourceFile")) {
                List<String> names = new ArrayList<>();
                for (Element element : (Element[]) args[1]) {
                    names.add(((QualifiedNameable) element).getQualifiedName().toString());
                }
                origins.put(args[0].toString(), names);
            }
            return invoke(method, real, args);
        };
        return (Filer) Proxy.newProxyInstance(
                OriginatingElementsTest.class.getClassLoader(), new Class<?>[] {Filer.class}, handler);
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Like IntelliJ's wrapper: a proxy over javac's environment, with a Filer of its own. */
    private static final class Environment implements InvocationHandler {
        private final ProcessingEnvironment delegate;
        private final Filer filer;

        Environment(ProcessingEnvironment delegate, Filer filer) {
            this.delegate = delegate;
            this.filer = filer;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            return method.getName().equals("getFiler") ? filer : OriginatingElementsTest.invoke(method, delegate, args);
        }
    }
}
