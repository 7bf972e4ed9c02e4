package dev.valence.runtime.internal.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.spi.codec.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HDF5 maps come back in the order they were put in (a key list beside the datasets), as JSON maps do. */
class Hdf5MapOrderTest {
    private final Codecs codecs = new Codecs(List.of(), getClass().getClassLoader(), () -> null);

    @SuppressWarnings("unchecked")
    private Map<String, Object> roundTrip(Map<String, ?> value, String type) {
        ValueType declared = codecs.type(type);
        Codecs.Encoded encoded = codecs.encode(value, declared);
        assertEquals("hdf5", encoded.codec());
        return (Map<String, Object>) codecs.decode(encoded.codec(), encoded.bytes(), declared);
    }

    @Test
    void aLinkedHashMapKeepsItsKeyOrder() {
        Map<String, double[]> spectra = new LinkedHashMap<>();
        spectra.put("b", new double[] {1});
        spectra.put("a", new double[] {2});
        spectra.put("c", new double[] {3});
        Map<String, Object> back = roundTrip(spectra, "java.util.LinkedHashMap<java.lang.String,double[]>");
        assertEquals(new ArrayList<>(spectra.keySet()), new ArrayList<>(back.keySet()));
    }

    @Test
    void aMapDeclaredAsMapKeepsItsKeyOrder() {
        Map<String, double[][]> frames = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            frames.put("frame" + i, new double[][] {{i}});
        }
        Map<String, Object> back = roundTrip(frames, "java.util.Map<java.lang.String,double[][]>");
        assertEquals(new ArrayList<>(frames.keySet()), new ArrayList<>(back.keySet()));
    }

    /** A HashMap comes back as one, not as a LinkedHashMap in hash order: another value to a fingerprint. */
    @Test
    void aHashMapComesBackUnordered() {
        Map<String, double[]> spectra = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            spectra.put("s" + i, new double[] {i});
        }
        Map<String, Object> back = roundTrip(spectra, "java.util.Map<java.lang.String,double[]>");
        assertEquals(java.util.HashMap.class, back.getClass());
        assertEquals(spectra.keySet(), back.keySet());
    }
}
