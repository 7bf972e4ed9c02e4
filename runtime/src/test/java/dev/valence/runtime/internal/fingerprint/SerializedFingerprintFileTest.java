package dev.valence.runtime.internal.fingerprint;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.File;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A File is fingerprinted by content everywhere (README), also inside a Serializable class without
 * properties, which is fingerprinted by its serialized form: the file is written there as its
 * content's digest, so a changed input file changes the key.
 */
class SerializedFingerprintFileTest {
    @TempDir
    Path folder;

    /** Private state only: fingerprinted by its serialized form. */
    public static final class Job implements Serializable {
        private static final long serialVersionUID = 1L;
        private final File input;

        public Job(File input) {
            this.input = input;
        }
    }

    public record JobRecord(File input) {}

    @Test
    void aFileInsideASerializableValueIsFingerprintedByContent() throws Exception {
        Fingerprinter fingerprinter = new Fingerprinter();
        Path input = Files.writeString(folder.resolve("input.csv"), "1,2,3");
        String before = fingerprinter.fingerprint(new Job(input.toFile()));
        String recordBefore = fingerprinter.fingerprint(new JobRecord(input.toFile()));
        Files.writeString(input, "4,5,6");
        assertNotEquals(recordBefore, fingerprinter.fingerprint(new JobRecord(input.toFile())), "a record: by content");
        assertNotEquals(before, fingerprinter.fingerprint(new Job(input.toFile())), "the same file, changed");
    }
}
