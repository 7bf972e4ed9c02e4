package dev.valence.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;

/** Compiles test sources with the processor, as strictly as users do ({@code -Xlint:all -Werror}). */
final class Compilations {
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern TYPE =
            Pattern.compile("^(?:public |final |abstract )*(?:class|interface|record|enum) (\\w+)", Pattern.MULTILINE);

    private Compilations() {}

    /**
     * @param code the source of one top-level class; its file name comes from its package and name
     * @return the source file
     */
    static JavaFileObject source(String code) {
        Matcher pkg = PACKAGE.matcher(code);
        Matcher type = TYPE.matcher(code);
        if (!type.find()) {
            throw new IllegalArgumentException("no top-level type in\n" + code);
        }
        String name = (pkg.find() ? pkg.group(1) + "." : "") + type.group(1);
        return JavaFileObjects.forSourceString(name, code);
    }

    /**
     * @param sources the sources
     * @return the compilation, with the processor and {@code -Xlint:all -Werror}
     */
    static Compilation compile(JavaFileObject... sources) {
        return javac().withProcessors(new ValenceProcessor())
                .withOptions("-Xlint:all", "-Werror")
                .compile(sources);
    }

    /**
     * @param compilation a successful compilation
     * @param qualifiedName a generated class
     * @return its source
     */
    static String generatedSource(Compilation compilation, String qualifiedName) {
        JavaFileObject file = compilation
                .generatedSourceFile(qualifiedName)
                .orElseThrow(() -> new AssertionError(
                        "no generated " + qualifiedName + "; generated: " + compilation.generatedSourceFiles()));
        try {
            return file.getCharContent(false).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
