package dev.valence.runtime.internal.fingerprint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.valence.runtime.spi.fingerprint.FingerprintAdapter;
import dev.valence.runtime.spi.fingerprint.UnsupportedValueException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Each thread reuses one digest for its fingerprints. The hashed bytes must be exactly the
 * documented encoding whatever the thread hashed before: after a long value, after an encoding
 * that failed half way, and while a fingerprint is taken inside another (an adapter that
 * fingerprints).
 */
class ReusedDigestTest {
    private final Fingerprinter fingerprinter = new Fingerprinter();

    /** The documented encoding of a string, hashed by the JDK alone. */
    private static String referenceOf(String s) {
        return JdkValueFingerprintTest.reference(out -> {
            out.writeByte(Encoding.STRING);
            JdkValueFingerprintTest.writeString(out, s);
        });
    }

    @Test
    void stringsOfEveryLengthAroundTheBufferHashAsDocumented() {
        // The buffer holds 1,024 bytes, two per character: lengths on both sides of it and of twice it.
        for (int length : new int[] {0, 1, 503, 504, 505, 511, 512, 513, 1023, 1024, 1025, 5000}) {
            String s = "é".repeat(length);
            assertEquals(referenceOf(s), fingerprinter.fingerprint(s), "a string of " + length + " characters");
        }
    }

    @Test
    void aFingerprintAfterALongValueOnTheSameThreadIsUnchanged() {
        String small = referenceOf("small");
        fingerprinter.fingerprint(new double[100_000]);
        assertEquals(small, fingerprinter.fingerprint("small"));
        Fingerprinter.hashOfParts(List.of("a".repeat(3000), "b"));
        assertEquals(small, fingerprinter.fingerprint("small"));
    }

    @Test
    void anEncodingThatFailedHalfWayLeavesNothingBehind() {
        List<Object> itself = new ArrayList<>();
        itself.add("written before the failure");
        itself.add(itself);
        assertThrows(UnsupportedValueException.class, () -> fingerprinter.fingerprint(itself));
        assertEquals(referenceOf("after"), fingerprinter.fingerprint("after"));
    }

    /** A type whose adapter fingerprints a value itself while the outer fingerprint is being written. */
    record Wrapped(String inner) {}

    @Test
    void aFingerprintTakenInsideAnotherIsRightAndSoIsTheOuterOne() {
        Fingerprinter inner = new Fingerprinter();
        Fingerprinter nesting = new Fingerprinter(
                List.of(FingerprintAdapter.of(Wrapped.class, wrapped -> inner.fingerprint(wrapped.inner()))));
        // The same canonical form, worked out before: no fingerprint inside another.
        String innerOfX = referenceOf("x");
        Fingerprinter flat = new Fingerprinter(List.of(FingerprintAdapter.of(Wrapped.class, wrapped -> innerOfX)));
        List<Object> value = List.of("before", new Wrapped("x"), "after");
        assertEquals(flat.fingerprint(value), nesting.fingerprint(value));
        assertEquals(innerOfX, inner.fingerprint("x"));
        String onAFreshThread =
                CompletableFuture.supplyAsync(() -> nesting.fingerprint(value)).join();
        assertEquals(onAFreshThread, nesting.fingerprint(value));
    }
}
