package dev.valence.runtime.internal.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.valence.runtime.graph.ElectronRef;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Code outside the build counts in an electron's code fingerprint (issue 12): a library class by
 * its class file, a JDK class by the JDK's feature version.
 */
class ExternalCodeTest {
    private static final String COMPILED = "c0de";

    /** Serves fixed bytes as class files, as a jar of another version of a library would. */
    private static final class Library extends ClassLoader {
        private final Map<String, String> files;

        Library(Map<String, String> files) {
            super(null);
            this.files = files;
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            String content = files.get(name);
            return content == null ? null : new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void nothingOutsideKeepsTheCompiledFingerprint() {
        assertEquals(COMPILED, ExternalCode.fingerprint(COMPILED, List.of(), new Library(Map.of())));
    }

    @Test
    void aChangedLibraryClassChangesTheFingerprint() {
        List<String> external = List.of("com.example.lib.Tool");
        String v1 = ExternalCode.fingerprint(
                COMPILED, external, new Library(Map.of("com/example/lib/Tool.class", "version 1")));
        String v1Again = ExternalCode.fingerprint(
                COMPILED, external, new Library(Map.of("com/example/lib/Tool.class", "version 1")));
        String v2 = ExternalCode.fingerprint(
                COMPILED, external, new Library(Map.of("com/example/lib/Tool.class", "version 2")));

        assertNotEquals(COMPILED, v1);
        assertEquals(v1, v1Again);
        assertNotEquals(v1, v2);
    }

    @Test
    void jdkClassesCountByTheFeatureVersionOnly() {
        List<String> external = List.of("java.lang.String", "javax.crypto.Cipher", "jdk.jfr.Event", "sun.misc.Unsafe");
        // Different "class files" for the same names: only the JDK's feature version counts.
        String one = ExternalCode.fingerprint(COMPILED, external, new Library(Map.of("java/lang/String.class", "a")));
        String other = ExternalCode.fingerprint(COMPILED, external, new Library(Map.of()));

        assertEquals(one, other);
        assertNotEquals(COMPILED, one);
    }

    @Test
    void anElectronsCodeFingerprintFoldsInItsExternalClasses() {
        ElectronRef<Integer> plain = ElectronRef.<Integer>builder("p.C#plain")
                .returns("java.lang.Integer")
                .codeFingerprint(COMPILED)
                .build(args -> 1);
        ElectronRef<Integer> external = ElectronRef.<Integer>builder("p.C#external")
                .returns("java.lang.Integer")
                .codeFingerprint(COMPILED)
                .externalClasses("java.lang.String", "dev.valence.runtime.graph.Graph")
                .build(args -> 1);

        assertEquals(COMPILED, plain.codeFingerprint());
        assertEquals(List.of("dev.valence.runtime.graph.Graph", "java.lang.String"), external.externalClasses());
        assertNotEquals(COMPILED, external.codeFingerprint());
        assertEquals(external.codeFingerprint(), external.codeFingerprint());
    }
}
