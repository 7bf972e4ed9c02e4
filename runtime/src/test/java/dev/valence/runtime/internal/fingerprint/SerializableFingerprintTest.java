package dev.valence.runtime.internal.fingerprint;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.valence.runtime.spi.fingerprint.UnsupportedValueException;
import java.io.Serializable;
import org.junit.jupiter.api.Test;

/**
 * Serializable classes whose state Jackson cannot see are fingerprinted by their serialized form,
 * so they can be keys and results without an adapter; other classes without readable properties
 * are still refused, naming the type and the fix.
 */
class SerializableFingerprintTest {
    private final Fingerprinter fingerprinter = new Fingerprinter();

    /** Private state only: no Jackson property. */
    public static final class Sealed implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String hidden;

        public Sealed(String hidden) {
            this.hidden = hidden;
        }

        @Override
        public String toString() {
            return "sealed";
        }
    }

    /** Private state only, and not Serializable. */
    public static final class Opaque {
        @SuppressWarnings("unused")
        private final int state = 1;
    }

    @Test
    void theSerializedFormIsTheContent() {
        assertEquals(fingerprinter.fingerprint(new Sealed("a")), fingerprinter.fingerprint(new Sealed("a")));
        assertNotEquals(
                fingerprinter.fingerprint(new Sealed("a")),
                fingerprinter.fingerprint(new Sealed("b")),
                "hidden state that differs gives another fingerprint");
        assertDoesNotThrow(() -> fingerprinter.requireFingerprintable(
                TypeFactory.defaultInstance().constructType(Sealed.class), "the result of electron 'seal'"));
    }

    @Test
    void aClassWithoutPropertiesThatIsNotSerializableIsStillRefused() {
        UnsupportedValueException error =
                assertThrows(UnsupportedValueException.class, () -> fingerprinter.fingerprint(new Opaque()));
        assertTrue(error.getMessage().contains(Opaque.class.getName()), error.getMessage());
        assertTrue(error.getMessage().contains("no Jackson-readable properties"), error.getMessage());
        assertThrows(
                UnsupportedValueException.class,
                () -> fingerprinter.requireFingerprintable(
                        TypeFactory.defaultInstance().constructType(Opaque.class), "the result of electron 'x'"));
    }
}
