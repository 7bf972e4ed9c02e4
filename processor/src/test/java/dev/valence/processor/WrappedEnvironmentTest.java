package dev.valence.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/** Build tools that wrap javac's environment hide its trees; Valence says so once, clearly. */
class WrappedEnvironmentTest {

    /** Runs Valence behind a proxy of the environment, as Gradle and IntelliJ do. */
    private static final class Wrapping extends AbstractProcessor {
        private final ValenceProcessor valence = new ValenceProcessor();

        @Override
        public synchronized void init(ProcessingEnvironment processingEnv) {
            super.init(processingEnv);
            valence.init((ProcessingEnvironment) Proxy.newProxyInstance(
                    getClass().getClassLoader(),
                    new Class<?>[] {ProcessingEnvironment.class},
                    (proxy, method, args) -> {
                        try {
                            return method.invoke(processingEnv, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }));
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

    @Test
    void aWrappedEnvironmentGivesOneClearError() {
        Compilation compilation = javac().withProcessors(new Wrapping()).compile(ArithmeticTest.ARITHMETIC);

        assertThat(compilation)
                .hadErrorContaining("Valence needs javac's tree API (com.sun.source.util.Trees); this build wraps the"
                        + " ProcessingEnvironment in ");
        assertThat(compilation).hadErrorCount(1);
    }
}
