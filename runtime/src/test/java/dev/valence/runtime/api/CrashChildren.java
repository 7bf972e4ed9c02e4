package dev.valence.runtime.api;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Starts the {@link CrashChild} JVMs that {@link CrashSafetyTest} kills, as fast as it can: their
 * start-up is most of the test's time. The children run C1 only, with the serial collector, a small
 * heap and no perf-data file, and they load their classes from a class-data archive that one
 * warm-up child, run to a normal exit, dumps at the start. An archive needs jars on the class path,
 * so the class-path folders (the compiled classes) are packed into jars first. Without an archive
 * (a JVM that cannot dump one) the children still run, only slower.
 *
 * <p>The children also load SQLite's native library from one copy made here: by default each would
 * extract its own into the temporary folder, and a killed process never deletes it.
 */
final class CrashChildren {
    /** Dispatches the warm-up child runs before it exits and dumps its classes. */
    private static final int WARM_UP_DISPATCHES = 20;

    /** Generous bounds, reached only when something is broken. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Duration WARM_UP_PATIENCE = Duration.ofSeconds(120);

    /** The java command and its options. */
    private final List<String> jvm;

    private final String classpath;
    private final boolean archived;

    private CrashChildren(List<String> jvm, String classpath, boolean archived) {
        this.jvm = List.copyOf(jvm);
        this.classpath = classpath;
        this.archived = archived;
    }

    /**
     * Packs the class path and dumps the class-data archive into a work folder.
     *
     * @param work a folder of its own
     * @return the launcher
     */
    static CrashChildren prepare(Path work) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                Path jar = work.resolve("classes" + entries.size() + ".jar");
                pack(path, jar);
                entries.add(jar.toString());
            } else {
                entries.add(entry);
            }
        }
        List<String> options = new ArrayList<>(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx128m",
                "-XX:-UsePerfData",
                "-Xshare:auto",
                "--enable-native-access=ALL-UNNAMED",
                // Where the driver extracts its library if the copy below cannot be loaded.
                "-Dorg.sqlite.tmpdir=" + Files.createDirectories(work.resolve("sqlite-tmp"))));
        Path library = copyNativeLibrary(Files.createDirectories(work.resolve("sqlite")));
        if (library != null) {
            options.add("-Dorg.sqlite.lib.path=" + library.getParent());
            options.add("-Dorg.sqlite.lib.name=" + library.getFileName());
        }
        String packed = String.join(File.pathSeparator, entries);

        Path archive = work.resolve("children.jsa");
        List<String> dump = new ArrayList<>(options);
        dump.add("-XX:ArchiveClassesAtExit=" + archive);
        dump.addAll(List.of("-cp", packed, CrashChild.class.getName()));
        dump.add(work.resolve("warm-up-store").toString());
        dump.add("0");
        dump.add(Integer.toString(WARM_UP_DISPATCHES));
        Process warmUp = new ProcessBuilder(dump)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("warm-up.log").toFile())
                .start();
        boolean ended = warmUp.waitFor(WARM_UP_PATIENCE.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            warmUp.destroyForcibly();
            warmUp.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        boolean archived = ended && warmUp.exitValue() == 0 && Files.isRegularFile(archive);
        if (!archived) {
            System.out.printf(
                    "crash safety: the children start without a class-data archive (warm-up %s)%n",
                    ended ? "exit code " + warmUp.exitValue() : "did not end");
        }

        List<String> jvm = new ArrayList<>(options);
        if (archived) {
            jvm.add("-XX:SharedArchiveFile=" + archive);
        }
        return new CrashChildren(jvm, packed, archived);
    }

    /** @return whether the children load their classes from the archive the warm-up dumped */
    boolean archived() {
        return archived;
    }

    /**
     * Starts a child dispatching on a store until it is killed.
     *
     * @param store the store folder
     * @param input the child's first input
     * @return the running child
     */
    Child start(Path store, int input) throws IOException {
        List<String> line = new ArrayList<>(jvm);
        line.addAll(List.of("-cp", classpath, CrashChild.class.getName(), store.toString(), Integer.toString(input)));
        return new Child(new ProcessBuilder(line).redirectErrorStream(true).start());
    }

    /** @return a copy of the SQLite driver's native library for this platform, or null if it has none */
    private static Path copyNativeLibrary(Path folder) throws IOException {
        String name = LibraryLoaderUtil.getNativeLibName();
        try (InputStream library = LibraryLoaderUtil.class.getResourceAsStream(
                LibraryLoaderUtil.getNativeLibResourcePath() + "/" + name)) {
            if (library == null) {
                return null;
            }
            Path copy = folder.resolve(name);
            Files.copy(library, copy);
            return copy;
        }
    }

    /** Packs a class folder into a jar; the archive takes classes from jars only. */
    private static void pack(Path folder, Path jar) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream packed = new JarOutputStream(out)) {
            for (Path file : files) {
                packed.putNextEntry(
                        new JarEntry(folder.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, packed);
                packed.closeEntry();
            }
        }
    }

    /** A running child, with the markers it printed so far. */
    static final class Child {
        private static final int KEPT_LINES = 40;

        private final Process process;
        private final long launchedAt = System.nanoTime();
        private final CountDownLatch opening = new CountDownLatch(1);
        private final CountDownLatch started = new CountDownLatch(1);
        private final Deque<String> output = new ArrayDeque<>();
        private final Thread reader;

        private Child(Process process) {
            this.process = process;
            this.reader = new Thread(this::read, "crash-child-" + process.pid());
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.equals(CrashChild.OPENING)) {
                        opening.countDown();
                    } else if (line.equals(CrashChild.STARTED)) {
                        started.countDown();
                    } else {
                        synchronized (output) {
                            output.addLast(line);
                            if (output.size() > KEPT_LINES) {
                                output.removeFirst();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // The pipe closes when the child is killed.
            }
        }

        /** @return {@link System#nanoTime()} when the child was launched */
        long launchedAt() {
            return launchedAt;
        }

        /**
         * Waits until the child printed a marker.
         *
         * @return {@link System#nanoTime()} when it was seen; fails if the child ended or took too long
         */
        long await(String marker) throws InterruptedException {
            CountDownLatch latch = marker.equals(CrashChild.OPENING) ? opening : started;
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!latch.await(10, TimeUnit.MILLISECONDS)) {
                if (!process.isAlive()) {
                    throw new AssertionError("the child ended with exit code " + process.exitValue()
                            + " before printing " + marker + "; its output:\n" + output());
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "the child did not print " + marker + " within " + PATIENCE + "; its output:\n" + output());
                }
            }
            return System.nanoTime();
        }

        /** @return how far the child had got, as far as its markers tell */
        CrashSafetyTest.Phase phase() {
            if (started.getCount() == 0) {
                return CrashSafetyTest.Phase.DISPATCHING;
            }
            return opening.getCount() == 0 ? CrashSafetyTest.Phase.STORE_OPEN : CrashSafetyTest.Phase.JVM_START;
        }

        /**
         * Kills the child with SIGKILL and waits for its end.
         *
         * @return the phase it was in, as far as its markers tell
         */
        CrashSafetyTest.Phase kill() throws InterruptedException {
            CrashSafetyTest.Phase phase = phase();
            if (!process.isAlive()) {
                throw new AssertionError("the child ended by itself with exit code " + process.exitValue()
                        + " before it was killed; its output:\n" + output());
            }
            process.destroyForcibly();
            if (!process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the child did not die within " + PATIENCE);
            }
            reader.join(PATIENCE.toMillis());
            return phase;
        }

        /** Kills the child if it still runs, without waiting: clean-up after a failure. */
        void destroy() {
            process.destroyForcibly();
        }

        /** @return the child's last lines of output, markers left out */
        String output() {
            synchronized (output) {
                return String.join("\n", output);
            }
        }
    }
}
