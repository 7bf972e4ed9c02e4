package dev.valence.runtime.api;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.Valence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A second process on a store, for {@link LiveStatusTest} and {@link CancelTest}: {@code status
 * FOLDER ID NODE} prints the node's status and start time as this process reads them from the
 * store; {@code cancel FOLDER ID} asks the process running the dispatch to cancel it and prints
 * what {@link Valence#cancel(String)} returned; {@code output FOLDER ID NODE} prints what the node's
 * electron printed, as stored.
 */
public final class StoreClient {
    private StoreClient() {}

    /**
     * @param args the command, the store folder, the dispatch id, and for status the node name
     */
    public static void main(String[] args) {
        try (Valence valence = Valence.open(Path.of(args[1]))) {
            if (args[0].equals("status")) {
                DispatchResult<Object> result = valence.result(args[2]).orElseThrow();
                NodeResult node = result.node(args[3]);
                System.out.println("NODE " + node.status() + " STARTED "
                        + node.startTime().map(Object::toString).orElse("never"));
            } else if (args[0].equals("output")) {
                NodeResult node = valence.result(args[2]).orElseThrow().node(args[3]);
                System.out.println("STDOUT[" + node.stdout() + "] STDERR[" + node.stderr() + "]");
            } else {
                System.out.println("CANCEL " + valence.cancel(args[2]));
            }
        }
    }

    /** Runs this class in a new JVM and returns its output. */
    static String run(Path work, String... args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // sqlite-jdbc extracts its native library per process: inside the test's folder, so nothing is left behind.
        Path nativeLibrary = Files.createDirectories(work.resolve("sqlite-native"));
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                javaBin, "-Dorg.sqlite.tmpdir=" + nativeLibrary, "-cp", classpath, StoreClient.class.getName()));
        command.addAll(List.of(args));
        // Standard error apart: newer JVMs warn there about the SQLite driver's native access.
        Path errors = Files.createTempFile(work, "client-", ".err");
        Process process =
                new ProcessBuilder(command).redirectError(errors.toFile()).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("the second process failed: " + new String(output, StandardCharsets.UTF_8)
                    + Files.readString(errors));
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
