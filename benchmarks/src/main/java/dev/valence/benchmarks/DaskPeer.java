package dev.valence.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The suite's peer: the scheduling benchmark's no-op chain and fan-out ({@link Graphs#NODES} nodes)
 * on Dask's threaded scheduler with as many threads as Valence's pool, run by the script {@code
 * dask_graphs.py} beside this class. Debian's own interpreter runs it ({@code /usr/bin/python3},
 * with Debian's {@code python3-dask}), never the first {@code python3} on the PATH: another
 * installation there may have another Dask, or none.
 */
final class DaskPeer {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    /** What Dask measured: its version and the median milliseconds per graph of each shape. */
    record Figures(String version, Map<String, Double> millisByShape) {}

    private DaskPeer() {}

    /**
     * @return Dask's figures, or empty (with the reason printed) when Debian's python3 or its Dask
     *     is missing
     */
    static Optional<Figures> measure() {
        if (!Files.isExecutable(PYTHON)) {
            System.out.println(
                    "peers: no " + PYTHON + "; install Debian's python3 and python3-dask to compare with Dask");
            return Optional.empty();
        }
        try {
            Path script = Files.createTempFile("valence-dask", ".py");
            try {
                try (InputStream in = DaskPeer.class.getResourceAsStream("dask_graphs.py")) {
                    if (in == null) {
                        throw new IllegalStateException("dask_graphs.py is missing from the benchmarks jar");
                    }
                    Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
                return run(script);
            } finally {
                Files.deleteIfExists(script);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Figures> run(Path script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(
                        PYTHON.toString(),
                        script.toString(),
                        Integer.toString(Graphs.NODES),
                        Integer.toString(Stores.THREADS)))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the Dask script did not end in 10 minutes:\n" + output);
        }
        if (process.exitValue() != 0) {
            if (output.contains("No module named 'dask'")) {
                System.out.println("peers: " + PYTHON + " has no Dask; install Debian's python3-dask to compare");
                return Optional.empty();
            }
            throw new IllegalStateException(
                    "the Dask script failed with exit code " + process.exitValue() + ":\n" + output);
        }
        String version = "?";
        Map<String, Double> millis = new HashMap<>();
        for (String line : output.split("\n", -1)) {
            int equals = line.indexOf('=');
            if (equals < 0) {
                continue;
            }
            System.out.println("Dask: " + line);
            String key = line.substring(0, equals).trim();
            String value = line.substring(equals + 1).trim();
            if (key.equals("dask")) {
                version = value;
            } else {
                millis.put(key, Double.parseDouble(value));
            }
        }
        return Optional.of(new Figures(version, millis));
    }
}
