package dev.valence.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numeric electrons compiled by the processor: each value goes to the codec its declared type calls
 * for, and comes back from a new instance as it was.
 */
class SpectraTest {
    @TempDir
    Path store;

    @Test
    void mapsOfArraysAndMatricesAreHdf5ArraysRawRecordsJsonAndAllComeBack() throws SQLException {
        Map<String, String> codecs;
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Spectra.Peak> result =
                    valence.dispatch(SpectraLattices.analyse(12.5, 64)).await();
            assertEquals(Spectra.analyse(12.5, 64), result.value(), "the graph computes what plain Java does");
            assertEquals(12.5, result.value().energy());
            codecs = Map.of(
                    "measure", codec(result.node("measure").valueFingerprint().orElseThrow()),
                    "subtractBackground",
                            codec(result.node("subtractBackground")
                                    .valueFingerprint()
                                    .orElseThrow()),
                    "smooth", codec(result.node("smooth").valueFingerprint().orElseThrow()),
                    "findPeak", codec(result.node("findPeak").valueFingerprint().orElseThrow()));
        }
        assertEquals(
                Map.of("measure", "hdf5", "subtractBackground", "hdf5", "smooth", "raw", "findPeak", "json"), codecs);

        try (Valence later = Valence.open(store)) {
            DispatchResult<Spectra.Peak> again =
                    later.dispatch(SpectraLattices.analyse(12.5, 64)).await();
            again.electronNodes().forEach(node -> assertEquals(NodeStatus.REUSED, node.status(), node.name()));
            Map<?, ?> columns = again.node("measure").value(Map.class);
            Map<String, double[]> expected = Spectra.measure(12.5, 64);
            assertArrayEquals(expected.get("counts"), (double[]) columns.get("counts"));
            assertArrayEquals(expected.get("energy"), (double[]) columns.get("energy"));
            assertArrayEquals(
                    Spectra.subtractBackground(expected),
                    again.node("subtractBackground").value(double[][].class));
            assertArrayEquals(
                    Spectra.smooth(Spectra.subtractBackground(expected)),
                    again.node("smooth").value(double[].class));
        }
    }

    private String codec(String fingerprint) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("valence.db"));
                PreparedStatement query =
                        connection.prepareStatement("SELECT codec FROM stored_values WHERE fingerprint = ?")) {
            query.setString(1, fingerprint);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
