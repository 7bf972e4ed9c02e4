package dev.valence.runtime.internal.fingerprint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import dev.valence.runtime.spi.fingerprint.UnsupportedValueException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The check of declared types that runs before anything does: rejects only certain failures. */
class RequireFingerprintableTest {
    private static final String HERE = "dev.valence.runtime.internal.fingerprint.RequireFingerprintableTest$";

    private final Fingerprinter fingerprinter = new Fingerprinter();

    /** A bean. */
    public static final class Bean {
        public int x;
    }

    /** Nothing Jackson can read. */
    public static final class Opaque {}

    /** Abstract: a subclass may be fine. */
    public abstract static class Base {}

    record Point(double x, double y) {}

    record Tree(String label, List<Tree> children) {}

    record Box<T>(T content) {}

    record Broken(String name, Thread worker) {}

    private static JavaType type(String canonical) {
        return TypeFactory.defaultInstance().constructFromCanonical(canonical);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "java.lang.Object",
                "int",
                "[D", // Jackson's canonical form of arrays is the JVM descriptor
                "java.lang.String",
                "java.lang.Integer",
                "java.math.BigDecimal",
                "java.lang.Number",
                "java.lang.Comparable<java.lang.String>",
                "java.util.List<java.lang.String>",
                "java.util.ArrayList<java.lang.Object>",
                "java.util.Map<java.lang.String,java.util.List<java.lang.Integer>>",
                "java.util.Optional<java.time.LocalDate>",
                "java.util.Set<java.util.UUID>",
                "java.nio.file.Path",
                "java.io.File",
                "java.time.ZoneId",
                "java.util.concurrent.TimeUnit",
                "com.fasterxml.jackson.databind.JsonNode",
                HERE + "Bean",
                HERE + "Base",
                HERE + "Point",
                HERE + "Tree",
                "[L" + HERE + "Point;",
                HERE + "Box<java.lang.String>",
                "java.util.List<" + HERE + "Box<java.lang.Runnable>>",
            })
    void typesThatMayBeFingerprintedPass(String canonical) {
        assertDoesNotThrow(() -> fingerprinter.requireFingerprintable(type(canonical), "parameter 'x'"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "java.lang.Thread",
                "java.lang.StringBuilder",
                "java.util.concurrent.atomic.AtomicInteger",
                "[Ljava.lang.Thread;",
                "java.util.List<java.lang.Thread>",
                "java.util.Map<java.lang.String,java.util.Optional<java.lang.Thread>>",
                "java.util.Optional<java.lang.Thread>",
                HERE + "Opaque",
                "java.util.Set<" + HERE + "Opaque>",
                HERE + "Broken",
                HERE + "Box<java.lang.Thread>",
            })
    void typesThatCertainlyCannotBeFingerprintedFailWithWhereAndTheFix(String canonical) {
        UnsupportedValueException e = assertThrows(
                UnsupportedValueException.class,
                () -> fingerprinter.requireFingerprintable(type(canonical), "parameter 'x' of electron 'load'"));
        assertTrue(e.getMessage().startsWith("parameter 'x' of electron 'load': "), e.getMessage());
        assertTrue(e.getMessage().contains("FingerprintAdapter"), e.getMessage());
        assertTrue(e.getMessage().contains(e.typeName()), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {HERE + "Opaque", "java.util.List<" + HERE + "Opaque>"})
    void anAdapterMakesATypeAcceptable(String canonical) {
        Fingerprinter adapted = new Fingerprinter(List.of(FingerprintAdapter.of(Opaque.class, o -> "opaque")));
        assertDoesNotThrow(() -> adapted.requireFingerprintable(type(canonical), "parameter 'x'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java.lang.Thread", "java.util.List<java.lang.Thread>"})
    void theCulpritIsNamed(String canonical) {
        UnsupportedValueException e = assertThrows(
                UnsupportedValueException.class, () -> fingerprinter.requireFingerprintable(type(canonical), "here"));
        assertEquals("java.lang.Thread", e.typeName());
    }
}
