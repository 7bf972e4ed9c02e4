package dev.valence.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same sources get the same code fingerprints from javac of another JDK version (issue 12):
 * JDK 17's javac printed the literal {@code "it's"} as {@code "it\'s"} and later ones do not, so
 * fingerprints taken from javac's printing of trees changed with the JDK that compiled the code.
 *
 * <p>The other JDK's javac runs as a child process with the processor on its processor path. It is
 * found through the system property {@code valence.secondJdk} or the environment variable {@code
 * VALENCE_SECOND_JDK} (when its version differs from the running one), else among the JDKs
 * installed beside the running one or in CI's {@code JAVA_HOME_<version>_X64} variables, the
 * newest of another version. Without one the test is skipped, except on CI ({@code
 * CI=true}), where it fails.
 */
class JavacVersionFingerprintTest {
    private static final Pattern ELECTRON = Pattern.compile(
            "builder\\(\"([^\"]+)\"\\)(?:(?!builder\\().)*?\\.codeFingerprint\\(\"([0-9a-f]{64})\"\\)", Pattern.DOTALL);

    private static final String CALC = """
            package p;

            import dev.valence.Electron;
            import java.util.ArrayList;
            import java.util.List;
            import java.util.Map;
            import java.util.function.Function;
            import q.Fmt;

            public class Calc {
                static final String QUOTE = "it's \\"quoted\\"\\t\\\\ \\u00e9";
                static final char APOSTROPHE = '\\'';
                static final double BIG = 1e23;
                static final float SMALL = 0.1f;
                static final long MASK = 0xFFFF_FFFFL;
                private static final Map<String, Integer> SIZES = Map.of("a", 1);

                enum Mode {
                    FAST("f"), SLOW("s");

                    final String code;

                    Mode(String code) { this.code = code; }
                }

                record Point(int x, int y) {}

                @Electron static String words(String text) {
                    String block = \"""
                        it's a "text block" \\
                        with an escape\\n\""";
                    return text + QUOTE + APOSTROPHE + block + 'x' + "\\0" + Fmt.row(text.length());
                }

                @Electron static double numbers(int a) {
                    long big = a * MASK >>> 3;
                    double d = BIG * SMALL + 1.5e-300 + 0x1p3 + (a > 0 ? -a : ~a);
                    int[] values = new int[] {1, 2, 3};
                    int[][] grid = new int[2][];
                    grid[0] = values;
                    return d + big + values.length + grid.length + (int) 'c' + Integer.MAX_VALUE;
                }

                @Electron static int statements(List<String> items, Mode mode) {
                    int total = 0;
                    outer:
                    for (int i = 0; i < items.size(); i++) {
                        for (String item : items) {
                            if (item.isEmpty()) continue outer;
                            if (item.length() > 10) break outer;
                            total += item.length();
                        }
                    }
                    switch (mode) {
                        case FAST:
                            total++;
                            break;
                        default:
                            total--;
                    }
                    total += switch (items.size()) {
                        case 0 -> 1;
                        case 1, 2 -> { yield 2; }
                        default -> 3;
                    };
                    do { total >>= 1; } while (total > 100);
                    while (total < 0) total = -total;
                    synchronized (Calc.class) { total ^= 1; }
                    assert total >= 0 : "negative";
                    try (java.io.StringReader reader = new java.io.StringReader("r")) {
                        total += reader.read();
                    } catch (java.io.IOException | RuntimeException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        total <<= 1;
                    }
                    Object o = items;
                    if (o instanceof List<?> list && !list.isEmpty()) total += list.size();
                    return total + SIZES.get("a") + mode.code.length() + new Point(1, 2).x();
                }

                @Electron static List<String> lambdas(List<String> items) {
                    var copy = new ArrayList<String>(items);
                    Function<String, String> upper = s -> s.toUpperCase(java.util.Locale.ROOT);
                    Function<String, Integer> length = String::length;
                    Runnable noop = () -> {};
                    noop.run();
                    Comparable<String> anonymous = new Comparable<>() {
                        @Override
                        public int compareTo(String other) { return other.length(); }
                    };
                    class Local {
                        String twice(String s) { return s + s; }
                    }
                    copy.replaceAll(s -> new Local().twice(upper.apply(s)) + length.apply(s) + anonymous.compareTo(s));
                    copy.sort(null);
                    return copy;
                }
            }
            """;

    private static final String FMT = """
            package q;

            public final class Fmt {
                private static final StringBuilder PREFIX;

                static {
                    PREFIX = new StringBuilder("row '");
                }

                private Fmt() {}

                public static String row(int value) {
                    return PREFIX + String.valueOf(value) + '\\'' + "'s";
                }
            }
            """;

    @TempDir
    Path folder;

    @Test
    void anotherJdksJavacComputesTheSameFingerprints() throws Exception {
        Optional<Path> secondJdk = SecondJdk.find();
        if (secondJdk.isEmpty()) {
            String why = "no second JDK to compare javac versions with; set -Dvalence.secondJdk=<JDK folder> or"
                    + " VALENCE_SECOND_JDK";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + " (required on CI)");
            }
            Assumptions.assumeTrue(false, why);
        }

        Compilation here = Compilations.compile(sourceObject(CALC), sourceObject(FMT));
        assertThat(here).succeededWithoutWarnings();
        Map<String, String> expected = fingerprints(Compilations.generatedSource(here, "p.CalcElectrons"));
        Map<String, String> actual = fingerprints(compileWith(secondJdk.get()));

        assertThat(expected).hasSize(4);
        assertWithMessage("fingerprints from %s's javac and from %s's", Runtime.version(), secondJdk.get())
                .that(actual)
                .isEqualTo(expected);
    }

    private static JavaFileObject sourceObject(String code) {
        return Compilations.source(code);
    }

    /** Runs the other JDK's javac on the same sources (processing only) and reads what it generated. */
    private String compileWith(Path jdk) throws IOException, InterruptedException {
        Path sources = Files.createDirectories(folder.resolve("src"));
        Path calc = Files.createDirectories(sources.resolve("p")).resolve("Calc.java");
        Path fmt = Files.createDirectories(sources.resolve("q")).resolve("Fmt.java");
        Files.writeString(calc, CALC, StandardCharsets.UTF_8);
        Files.writeString(fmt, FMT, StandardCharsets.UTF_8);
        Path generated = Files.createDirectories(folder.resolve("generated"));
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(
                jdk.resolve("bin").resolve(isWindows() ? "javac.exe" : "javac").toString(),
                "--release",
                "17",
                "-proc:only",
                "-processor",
                ValenceProcessor.class.getName(),
                "-processorpath",
                classPath,
                "-classpath",
                classPath,
                "-s",
                generated.toString(),
                "-encoding",
                "UTF-8",
                calc.toString(),
                fmt.toString()));
        Path log = folder.resolve("javac.log");
        Process javac = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!javac.waitFor(2, TimeUnit.MINUTES)) {
            javac.destroyForcibly();
            throw new AssertionError("javac of " + jdk + " did not finish in 2 minutes");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertWithMessage("javac of %s failed:\n%s", jdk, output)
                .that(javac.exitValue())
                .isEqualTo(0);
        return Files.readString(generated.resolve("p").resolve("CalcElectrons.java"), StandardCharsets.UTF_8);
    }

    private static Map<String, String> fingerprints(String electronsClass) {
        Map<String, String> fingerprints = new TreeMap<>();
        Matcher matcher = ELECTRON.matcher(electronsClass);
        while (matcher.find()) {
            fingerprints.put(matcher.group(1), matcher.group(2));
        }
        return fingerprints;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name").startsWith("Windows");
    }

    /** Finds a JDK of another feature version than the one running the tests. */
    static final class SecondJdk {
        private static final Pattern CI_JAVA_HOME = Pattern.compile("JAVA_HOME_(\\d+)_X64");

        private SecondJdk() {}

        static Optional<Path> find() {
            int running = Runtime.version().feature();
            String configured = Optional.ofNullable(System.getProperty("valence.secondJdk"))
                    .orElse(System.getenv("VALENCE_SECOND_JDK"));
            // CI sets VALENCE_SECOND_JDK to the JDK it runs the second build on: when that is the
            // running one, the other JDK installed beside it is the one to compare with.
            if (configured != null && !configured.isBlank()) {
                Path jdk = Path.of(configured);
                if (hasJavac(jdk)
                        && feature(jdk).filter(version -> version != running).isPresent()) {
                    return Optional.of(jdk);
                }
            }
            List<Path> candidates = new ArrayList<>();
            Path parent =
                    Path.of(System.getProperty("java.home")).toAbsolutePath().getParent();
            if (parent != null) {
                try (Stream<Path> siblings = Files.list(parent)) {
                    siblings.forEach(candidates::add);
                } catch (IOException | UncheckedIOException e) {
                    // an unreadable folder holds no JDK we can use
                }
            }
            System.getenv().forEach((name, value) -> {
                if (CI_JAVA_HOME.matcher(name).matches()) {
                    candidates.add(Path.of(value));
                }
            });
            return candidates.stream()
                    .filter(SecondJdk::hasJavac)
                    .filter(jdk ->
                            feature(jdk).filter(version -> version != running).isPresent())
                    .max((a, b) ->
                            Integer.compare(feature(a).orElse(0), feature(b).orElse(0)));
        }

        private static boolean hasJavac(Path jdk) {
            return Files.isRegularFile(jdk.resolve("bin").resolve(isWindows() ? "javac.exe" : "javac"));
        }

        /** The feature version in the JDK's {@code release} file ({@code JAVA_VERSION="25.0.1"}). */
        private static Optional<Integer> feature(Path jdk) {
            try {
                Matcher version = Pattern.compile("JAVA_VERSION=\"(\\d+)")
                        .matcher(Files.readString(jdk.resolve("release"), StandardCharsets.UTF_8));
                return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
