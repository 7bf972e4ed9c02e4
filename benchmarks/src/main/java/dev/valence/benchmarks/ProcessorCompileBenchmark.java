package dev.valence.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The processor's cost to a build: compiling a module of {@value #CLASSES} classes, each with
 * {@value #ELECTRONS_PER_CLASS} electrons and one straight-line lattice calling them all (200
 * electrons, 20 lattices), in-process with {@link JavaCompiler}, once with {@code -proc:none}
 * ({@link #withoutProcessor}) and once with {@code valence-processor} on the processor path ({@link
 * #withProcessor}), which also compiles the 40 classes it generates. Each compile gets a new file
 * manager and an empty output folder, as a build does.
 *
 * <p>Milliseconds per compile.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6)
@Measurement(iterations = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ProcessorCompileBenchmark {
    static final int CLASSES = 20;
    static final int ELECTRONS_PER_CLASS = 10;
    private static final String PACKAGE = "dev.valence.benchmarks.generated";
    private static final String PROCESSOR = "dev.valence.processor.ValenceProcessor";

    private JavaCompiler compiler;
    private Path directory;
    private List<Path> sources;
    private String classPath;
    private String processorPath;
    private Path output;

    /** Writes the module's sources and finds the jars to compile them against. */
    @Setup(Level.Trial)
    public void writeSources() throws IOException {
        compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no system Java compiler: run the benchmarks on a JDK, not a JRE");
        }
        directory = Files.createTempDirectory("valence-compile");
        Path packageFolder = Files.createDirectories(directory.resolve("src").resolve(PACKAGE.replace('.', '/')));
        sources = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            String name = "Module" + c;
            sources.add(Files.writeString(
                    packageFolder.resolve(name + ".java"), moduleSource(name, c), StandardCharsets.UTF_8));
        }
        classPath = codeSources("dev.valence.Electron", "dev.valence.runtime.Valence");
        // The processor's jar carries JavaPoet relocated inside it: one entry is the whole processor path.
        processorPath = codeSources(PROCESSOR);
    }

    /** A fresh output folder per compile. */
    @Setup(Level.Iteration)
    public void emptyOutput() throws IOException {
        output = Files.createTempDirectory(directory, "out");
    }

    /** Removes it. */
    @TearDown(Level.Iteration)
    public void removeOutput() {
        Stores.delete(output);
    }

    /** Removes the sources. */
    @TearDown(Level.Trial)
    public void removeSources() {
        Stores.delete(directory);
    }

    /** @return the number of class files written */
    @Benchmark
    public int withoutProcessor() {
        return compile(List.of("-proc:none"), CLASSES);
    }

    /** @return the number of class files written */
    @Benchmark
    public int withProcessor() {
        // Discovered through the processor jar's service registration, as a build tool finds it.
        return compile(List.of("-processorpath", processorPath), CLASSES * 3);
    }

    /**
     * The processor's steady-state cost: an instance of the processor class loaded once by this
     * class loader, so its code and JavaPoet's are JIT-compiled after the warm-up, whereas {@link
     * #withProcessor} loads them afresh on every compile, as javac does from a processor path.
     *
     * @return the number of class files written
     */
    @Benchmark
    public int withProcessorLoadedOnce() {
        try {
            Processor processor = (Processor)
                    Class.forName(PROCESSOR).getDeclaredConstructor().newInstance();
            return compile(List.of(), CLASSES * 3, processor);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + PROCESSOR, e);
        }
    }

    private int compile(List<String> processing, int expectedTopLevelClasses) {
        return compile(processing, expectedTopLevelClasses, null);
    }

    private int compile(List<String> processing, int expectedTopLevelClasses, Processor processor) {
        List<String> options = new ArrayList<>(
                List.of("--release", "17", "-classpath", classPath, "-d", output.toString(), "-s", output.toString()));
        options.addAll(processing);
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files =
                compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            JavaCompiler.CompilationTask task = compiler.getTask(
                    null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources));
            if (processor != null) {
                task.setProcessors(List.of(processor));
            }
            Boolean ok = task.call();
            if (!Boolean.TRUE.equals(ok)) {
                throw new IllegalStateException("compilation failed: " + diagnostics.getDiagnostics());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int classes = countTopLevelClasses(output);
        if (classes != expectedTopLevelClasses) {
            throw new IllegalStateException(
                    "expected " + expectedTopLevelClasses + " top-level classes, compiled " + classes);
        }
        return classes;
    }

    private static int countTopLevelClasses(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            return (int) paths.filter(path -> {
                        String name = path.getFileName().toString();
                        return name.endsWith(".class") && !name.contains("$");
                    })
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The jars (or folders) holding the named classes, as a class path. */
    private static String codeSources(String... classNames) {
        Set<String> paths = new LinkedHashSet<>();
        for (String className : classNames) {
            try {
                Class<?> type = Class.forName(className, false, ProcessorCompileBenchmark.class.getClassLoader());
                paths.add(Path.of(type.getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toString());
            } catch (ClassNotFoundException | URISyntaxException e) {
                throw new IllegalStateException("cannot locate " + className, e);
            }
        }
        return paths.stream().collect(Collectors.joining(java.io.File.pathSeparator));
    }

    /**
     * One class of the module: {@value #ELECTRONS_PER_CLASS} electrons taking one or two {@code int}s
     * and a lattice that chains them, the straight-line shape the processor accepts today.
     */
    static String moduleSource(String name, int seed) {
        StringBuilder out = new StringBuilder();
        out.append("package ").append(PACKAGE).append(";\n\n");
        out.append("import dev.valence.Electron;\nimport dev.valence.Lattice;\n\n");
        out.append("/** Generated for the compile benchmark. */\n");
        out.append("public final class ").append(name).append(" {\n");
        out.append("    private ").append(name).append("() {}\n\n");
        for (int e = 0; e < ELECTRONS_PER_CLASS; e++) {
            if (e % 2 == 0) {
                out.append("    /** Step ").append(e).append(". */\n");
                out.append("    @Electron\n    public static int step")
                        .append(e)
                        .append("(int a) {\n");
                out.append("        int scaled = a * ").append(seed + e + 2).append(";\n");
                out.append("        return scaled + ").append(e).append(";\n    }\n\n");
            } else {
                out.append("    /** Step ").append(e).append(". */\n");
                out.append("    @Electron\n    public static int step")
                        .append(e)
                        .append("(int a, int b) {\n");
                out.append("        if (b == 0) {\n            return a;\n        }\n");
                out.append("        return a + b * ").append(e).append(";\n    }\n\n");
            }
        }
        out.append("    /** The lattice: every step, one after the other. */\n");
        out.append("    @Lattice\n    public static int flow(int a, int b) {\n");
        String previous = "a";
        for (int e = 0; e < ELECTRONS_PER_CLASS - 1; e++) {
            String call = e % 2 == 0 ? "step" + e + "(" + previous + ")" : "step" + e + "(" + previous + ", b)";
            out.append("        int r").append(e).append(" = ").append(call).append(";\n");
            previous = "r" + e;
        }
        int last = ELECTRONS_PER_CLASS - 1;
        String call = last % 2 == 0 ? "step" + last + "(" + previous + ")" : "step" + last + "(" + previous + ", b)";
        out.append("        return ").append(call).append(";\n    }\n}\n");
        return out.toString();
    }
}
