package dev.valence.hazelcast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Child JVMs of the cluster tests (workers and coordinators) with the tests' class path, on
 * loopback, and the execution files they leave.
 */
final class Processes implements AutoCloseable {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final Path work;
    private final List<Child> children = new ArrayList<>();

    Processes(Path work) {
        this.work = work;
    }

    /** A child process and everything it printed so far. */
    static final class Child {
        final String name;
        final Process process;
        final StringBuffer output = new StringBuffer();

        Child(String name, Process process) {
            this.name = name;
            this.process = process;
            Thread reader = new Thread(this::read, "output-of-" + name);
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("(output lost: ").append(e).append(")\n");
            }
        }

        /** Waits for a line that contains the text, failing with the child's output otherwise. */
        String awaitLine(String text) throws InterruptedException {
            awaitCondition(
                    () -> output.toString().contains(text) || !process.isAlive(),
                    () -> name + " printed no '" + text + "':\n" + output);
            for (String line : output.toString().split("\n")) {
                if (line.contains(text)) {
                    return line;
                }
            }
            throw new AssertionError(name + " ended before printing '" + text + "':\n" + output);
        }

        void kill() throws InterruptedException {
            // SIGKILL on Linux: no shutdown hook runs, no connection is closed politely.
            process.destroyForcibly();
            assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), name + " did not die");
        }
    }

    /** @return a port nobody listens on now */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a worker and waits until it joined.
     *
     * @param extraClasspath folders put before the tests' class path (another version of the code), or null
     */
    Child worker(String id, String cluster, int port, List<Integer> join, String store, String extraClasspath)
            throws IOException, InterruptedException {
        List<String> addresses = join.stream().map(p -> "127.0.0.1:" + p).toList();
        return worker(id, cluster, "127.0.0.1", port, addresses, store, extraClasspath, List.of());
    }

    /**
     * Starts a worker on an address of its own and waits until it joined.
     *
     * @param host the address it binds and announces
     * @param join the members' {@code host:port} addresses
     * @param launcher the command the JVM is started through (e.g. {@code ip netns exec NS}, which
     *     execs it, so the process is still the JVM a kill reaches), or empty
     */
    Child worker(
            String id,
            String cluster,
            String host,
            int port,
            List<String> join,
            String store,
            String extraClasspath,
            List<String> launcher)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(java(id, extraClasspath));
        command.add(WorkerMain.class.getName());
        command.addAll(List.of(
                "--store",
                store,
                "--port",
                Integer.toString(port),
                "--host",
                host,
                "--join",
                String.join(",", join),
                "--threads",
                "4",
                "--cluster",
                cluster,
                "--id",
                id));
        Child child = start(id, command);
        child.awaitLine("valence worker " + id + " joined cluster " + cluster);
        return child;
    }

    /** Starts a Java main of the tests' class path as a child process named like its process property. */
    Child main(String name, Class<?> main, String... args) throws IOException {
        List<String> command = java(name, null);
        command.add(main.getName());
        command.addAll(List.of(args));
        return start(name, command);
    }

    private List<String> java(String name, String extraClasspath) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (extraClasspath != null) {
            classpath = extraClasspath + File.pathSeparator + classpath;
        }
        // sqlite-jdbc extracts its native library per process; inside the test's folder a killed
        // child leaves nothing behind.
        Path nativeLibrary = Files.createDirectories(work.resolve("sqlite-native"));
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Dvalence.test.process=" + name,
                "-Dorg.sqlite.tmpdir=" + nativeLibrary,
                // A killed member is declared gone within seconds, not the default minute.
                "-Dhazelcast.max.no.heartbeat.seconds=5",
                "-Dhazelcast.heartbeat.interval.seconds=1",
                "-Dhazelcast.wait.seconds.before.join=0",
                "-cp",
                classpath));
        return command;
    }

    private Child start(String name, List<String> command) throws IOException {
        Child child = new Child(
                name, new ProcessBuilder(command).redirectErrorStream(true).start());
        children.add(child);
        return child;
    }

    /** Execution files by key (electron and argument), each with the processes that ran it. */
    static Map<String, List<String>> runs(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString().split("@"))
                    .collect(Collectors.groupingBy(
                            parts -> parts[0], Collectors.mapping(parts -> parts[1], Collectors.toList())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int count(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return (int) files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void awaitCondition(BooleanSupplier condition, java.util.function.Supplier<String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            Thread.sleep(20);
        }
    }

    /** Waits until no execution file has appeared for half a second. */
    static void awaitQuiet(Path runs) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int seen = -1;
        while (count(runs) != seen) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("executions kept coming for " + PATIENCE);
            }
            seen = count(runs);
            Thread.sleep(500);
        }
    }

    @Override
    public void close() {
        for (Child child : children) {
            child.process.destroyForcibly();
        }
        for (Child child : children) {
            try {
                child.process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
