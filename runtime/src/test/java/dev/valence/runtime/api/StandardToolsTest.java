package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Valence stores is readable without Valence: a JSON value with the {@code sqlite3} shell, an
 * HDF5 value with {@code h5dump} after {@code sqlite3} wrote its bytes to a file. The tools come
 * from Debian's {@code sqlite3} and {@code hdf5-tools} packages; {@code .ci/run} installs them, so
 * on CI a missing tool fails this test, and elsewhere it skips it.
 */
class StandardToolsTest {
    private static final String SUMMARY = StandardToolsTest.class.getName() + "$Summary";
    private static final String SPECTRUM = "java.util.Map<java.lang.String,double[]>";

    @TempDir
    Path folder;

    /** A record: stored as JSON. */
    public record Summary(String sample, double peak) {}

    private final ElectronRef<Summary> summarise = Fixtures.<Summary>electron("summarise")
            .parameter("sample", Fixtures.STRING)
            .returns(SUMMARY)
            .build(args -> new Summary((String) args[0], 2.5));

    private final ElectronRef<Map<String, double[]>> measure = Fixtures.<Map<String, double[]>>electron("measure")
            .parameter("sample", Fixtures.STRING)
            .returns(SPECTRUM)
            .build(args -> {
                Map<String, double[]> spectrum = new LinkedHashMap<>();
                spectrum.put("energy", new double[] {1.5, 2.5, 3.5});
                spectrum.put("counts", new double[] {10, 40, 20});
                return spectrum;
            });

    private final LatticeRef<Summary> summary =
            Fixtures.lattice("summary", SUMMARY, (graph, in) -> graph.call(summarise, in.get(0)), Fixtures.STRING);

    private final LatticeRef<Map<String, double[]>> spectrum =
            Fixtures.lattice("spectrum", SPECTRUM, (graph, in) -> graph.call(measure, in.get(0)), Fixtures.STRING);

    @Test
    void aJsonValueReadsWithSqlite3AndAnHdf5ValueWithH5dump() throws Exception {
        String sqlite3 = tool("sqlite3", "sqlite3");
        String h5dump = tool("h5dump", "hdf5-tools");
        String summary;
        String spectrum;
        try (Valence valence = Valence.open(folder)) {
            summary = finish(valence.dispatch(this.summary.workflow("quartz")))
                    .node("summarise")
                    .valueFingerprint()
                    .orElseThrow();
            spectrum = finish(valence.dispatch(this.spectrum.workflow("quartz")))
                    .node("measure")
                    .valueFingerprint()
                    .orElseThrow();
        }
        Path database = folder.resolve(SqliteStore.DATABASE_FILE);

        String json = run(
                sqlite3,
                database.toString(),
                "SELECT codec || ' ' || CAST(data AS TEXT) FROM stored_values WHERE fingerprint = '" + summary + "'");
        assertEquals("json {\"sample\":\"quartz\",\"peak\":2.5}", json.strip());

        Path h5 = folder.resolve("spectrum.h5");
        String written = run(
                sqlite3,
                database.toString(),
                "SELECT codec || ' ' || writefile('" + h5 + "', data) FROM stored_values WHERE fingerprint = '"
                        + spectrum + "'");
        assertEquals("hdf5 " + Files.size(h5), written.strip(), "sqlite3 wrote the value's bytes to a file");

        String dump = run(h5dump, "-d", "/energy", h5.toString());
        assertTrue(dump.contains("DATASET \"/energy\""), dump);
        assertTrue(dump.contains("H5T_IEEE_F64LE"), dump);
        assertTrue(dump.contains("(0): 1.5, 2.5, 3.5"), dump);
        String counts = run(h5dump, "-d", "/counts", h5.toString());
        assertTrue(counts.contains("(0): 10, 40, 20"), counts);
        String type = run(h5dump, "-a", "/valence_type", h5.toString());
        assertTrue(type.contains(SPECTRUM), type);
    }

    /** The tool's path, or skips the test when it is missing outside CI (CI installs it). */
    private static String tool(String name, String debianPackage) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String missing = name + " is not installed (Debian package " + debianPackage + "; .ci/run installs it)";
        if (System.getenv("CI") != null) {
            fail(missing);
        }
        Assumptions.abort(missing);
        return name;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
