package dev.valence.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import org.junit.jupiter.api.Test;

/**
 * Build tools wrap javac's environment: Gradle in a class with a {@code delegate} field, IntelliJ in a
 * proxy. Valence sees through both; where it cannot, it says so once, clearly.
 */
class WrappedEnvironmentTest {

    /** Runs Valence with the environment javac gives, as transformed by {@code wrap}. */
    private static final class Wrapping extends AbstractProcessor {
        private final ValenceProcessor valence = new ValenceProcessor();
        private final UnaryOperator<ProcessingEnvironment> wrap;

        Wrapping(UnaryOperator<ProcessingEnvironment> wrap) {
            this.wrap = wrap;
        }

        @Override
        public synchronized void init(ProcessingEnvironment processingEnv) {
            super.init(processingEnv);
            valence.init(wrap.apply(processingEnv));
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

    /** Like Gradle's incremental wrappers: a base class holding the real environment in {@code delegate}. */
    private abstract static class DelegatingEnvironment implements ProcessingEnvironment {
        private final ProcessingEnvironment delegate;

        DelegatingEnvironment(ProcessingEnvironment delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<String, String> getOptions() {
            return delegate.getOptions();
        }

        @Override
        public Messager getMessager() {
            return delegate.getMessager();
        }

        @Override
        public Filer getFiler() {
            return delegate.getFiler();
        }

        @Override
        public Elements getElementUtils() {
            return delegate.getElementUtils();
        }

        @Override
        public Types getTypeUtils() {
            return delegate.getTypeUtils();
        }

        @Override
        public SourceVersion getSourceVersion() {
            return delegate.getSourceVersion();
        }

        @Override
        public Locale getLocale() {
            return delegate.getLocale();
        }
    }

    /** The subclass Gradle instantiates; the field sits in its superclass. */
    private static final class IsolatingEnvironment extends DelegatingEnvironment {
        IsolatingEnvironment(ProcessingEnvironment delegate) {
            super(delegate);
        }
    }

    /** Like IntelliJ's: a proxy whose handler holds the real environment in a field. */
    private static final class ForwardingHandler implements InvocationHandler {
        private final String label = "forwarding";
        private final ProcessingEnvironment environment;

        ForwardingHandler(ProcessingEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(environment, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** A proxy whose handler hides the environment where no one can find it. */
    private static final class OpaqueHandler implements InvocationHandler {
        private final List<Object> hidden;

        OpaqueHandler(ProcessingEnvironment environment) {
            this.hidden = List.of(environment);
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(hidden.get(0), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    private static ProcessingEnvironment proxy(InvocationHandler handler) {
        return (ProcessingEnvironment) Proxy.newProxyInstance(
                WrappedEnvironmentTest.class.getClassLoader(), new Class<?>[] {ProcessingEnvironment.class}, handler);
    }

    private static Compilation compileWrapped(UnaryOperator<ProcessingEnvironment> wrap) {
        return javac().withProcessors(new Wrapping(wrap))
                .withOptions("-Xlint:all", "-Werror")
                .compile(ArithmeticTest.ARITHMETIC);
    }

    @Test
    void gradlesDelegatingWrapperIsUnwrapped() {
        Compilation compilation = compileWrapped(IsolatingEnvironment::new);

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("dev.valence.examples.ArithmeticLattices");
    }

    @Test
    void intellijsProxyIsUnwrapped() {
        Compilation compilation = compileWrapped(environment -> proxy(new ForwardingHandler(environment)));

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("dev.valence.examples.ArithmeticLattices");
    }

    @Test
    void wrappersInsideWrappersAreUnwrapped() {
        Compilation compilation =
                compileWrapped(environment -> proxy(new ForwardingHandler(new IsolatingEnvironment(environment))));

        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("dev.valence.examples.ArithmeticElectrons");
    }

    @Test
    void anOpaqueWrapperGivesOneClearError() {
        Compilation compilation = compileWrapped(environment -> proxy(new OpaqueHandler(environment)));

        assertThat(compilation)
                .hadErrorContaining("Valence needs javac's tree API (com.sun.source.util.Trees); this build wraps the"
                        + " ProcessingEnvironment in ");
        assertThat(compilation).hadErrorContaining("found no javac environment inside it");
        assertThat(compilation).hadErrorCount(1);
    }
}
