package dev.valence.processor.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged processor is one jar that javac runs alone (issue 18): a plain {@code javac}
 * process with only {@code valence-processor.jar} on {@code -processorpath} compiles a lattice, and
 * the compiled program dispatches it. JavaPoet is inside the jar, relocated, so a project's own
 * JavaPoet cannot clash with it.
 */
class PlainJavacIT {
    private static Path processorJar;

    @TempDir
    Path temp;

    @BeforeAll
    static void findTheJar() {
        String jar = System.getProperty("valence.processor.jar");
        assertTrue(jar != null, "failsafe passes valence.processor.jar, the packaged jar");
        processorJar = Path.of(jar);
        assertTrue(Files.isRegularFile(processorJar), processorJar + " is packaged before integration tests");
    }

    @Test
    void theJarHoldsJavaPoetRelocatedAndNoUnrelocatedCopy() throws IOException {
        try (JarFile jar = new JarFile(processorJar.toFile())) {
            List<String> names = Collections.list(jar.entries()).stream()
                    .map(entry -> entry.getName())
                    .collect(Collectors.toList());
            assertTrue(names.contains("dev/valence/processor/shaded/javapoet/TypeName.class"), "relocated JavaPoet");
            assertTrue(names.stream().noneMatch(name -> name.startsWith("com/palantir/")), "no unrelocated JavaPoet");
            assertTrue(names.contains("META-INF/services/javax.annotation.processing.Processor"), "javac finds it");
            assertEquals(
                    "dev.valence.processor",
                    jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"));
        }
    }

    @Test
    void plainJavacWithTheJarAloneOnTheProcessorPathCompilesALatticeThatRuns() throws Exception {
        Path sources = Files.createDirectories(temp.resolve("src/demo"));
        Files.writeString(sources.resolve("Demo.java"), """
                package demo;

                import dev.valence.Electron;
                import dev.valence.Lattice;
                import dev.valence.runtime.Valence;

                public class Demo {
                    @Electron
                    static int square(int x) {
                        return x * x;
                    }

                    @Electron
                    static int add(int a, int b) {
                        return a + b;
                    }

                    @Lattice
                    static int sumOfSquares(int a, int b) {
                        return add(square(a), square(b));
                    }

                    public static void main(String[] args) throws Exception {
                        try (Valence valence = Valence.open(java.nio.file.Path.of(args[0]))) {
                            System.out.println("result=" + valence.dispatch(DemoLattices.sumOfSquares(3, 4)).await().value());
                        }
                    }
                }
                """);
        Path classes = temp.resolve("classes");
        // The user's class path: the runtime and its dependencies, as the test JVM has them.
        // JavaPoet is on it too, which must not matter: -processorpath alone is where javac looks.
        String classPath = System.getProperty("java.class.path");
        List<String> javac = new ArrayList<>(List.of(
                tool("javac"),
                "-processorpath",
                processorJar.toString(),
                "-cp",
                classPath,
                "-d",
                classes.toString(),
                "-s",
                temp.resolve("generated").toString(),
                sources.resolve("Demo.java").toString()));
        Files.createDirectories(temp.resolve("generated"));
        Run compiled = run(javac);
        assertEquals(0, compiled.exit(), "javac failed:\n" + compiled.output());
        assertTrue(
                Files.isRegularFile(temp.resolve("generated/demo/DemoLattices.java")),
                "the processor ran and wrote the graph builder:\n" + compiled.output());

        Run ran = run(List.of(
                tool("java"),
                "-cp",
                classes + File.pathSeparator + classPath,
                "demo.Demo",
                temp.resolve("store").toString()));
        assertEquals(0, ran.exit(), ran.output());
        assertTrue(ran.output().contains("result=25"), ran.output());
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private record Run(int exit, String output) {}

    private Run run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(temp, "run", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not end in 120 s:\n" + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
