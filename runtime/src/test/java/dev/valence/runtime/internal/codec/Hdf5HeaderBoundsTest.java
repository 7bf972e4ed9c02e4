package dev.valence.runtime.internal.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.codec.ValueType;
import io.jhdf.checksum.JenkinsLookup3HashLittle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stored HDF5 value whose dataset header was edited to claim far more data than the file holds
 * is refused before anything is allocated, instead of running the reader out of memory.
 */
class Hdf5HeaderBoundsTest {
    private final Codecs codecs = new Codecs(List.of(), getClass().getClassLoader(), () -> null);

    @Test
    void aDatasetClaimingMoreBytesThanTheFileHoldsIsRefused() {
        ValueType type = codecs.type("double[][]");
        double[][] matrix = {{1, 2, 3, 4, 5, 6, 7}, {8, 9, 10, 11, 12, 13, 14}, {15, 16, 17, 18, 19, 20, 21}};
        Codecs.Encoded encoded = codecs.encode(matrix, type);
        assertEquals("hdf5", encoded.codec());
        assertArrayEquals(matrix, (double[][]) codecs.decode("hdf5", encoded.bytes(), type), "intact, it reads back");

        byte[] edited = withFirstDimension(encoded.bytes(), 3, 7, 0x7fff_fff0L);
        CodecException refused = assertThrows(CodecException.class, () -> codecs.decode("hdf5", edited, type));
        assertTrue(refused.getMessage().contains("claims"), refused.getMessage());
        assertTrue(refused.getMessage().contains("edited or damaged"), refused.getMessage());
    }

    /**
     * Rewrites the dataspace message's first dimension (two little-endian longs: rows, columns) and
     * the checksum of the object header holding it, as an attacker editing the file would: the
     * header's checksum is found as the four bytes after the edit that hash the original header.
     */
    private static byte[] withFirstDimension(byte[] file, long rows, long columns, long claimed) {
        byte[] copy = file.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at + 16 <= copy.length; at++) {
            if (buffer.getLong(at) == rows && buffer.getLong(at + 8) == columns) {
                buffer.putLong(at, claimed);
                resign(file, copy, at);
                return copy;
            }
        }
        throw new AssertionError("no dataspace with dimensions " + rows + " x " + columns + " in the file");
    }

    private static void resign(byte[] original, byte[] edited, int editedAt) {
        ByteBuffer in = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.wrap(edited).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = editedAt; start >= 3; start--) {
            if (original[start] != 'O'
                    || original[start + 1] != 'H'
                    || original[start + 2] != 'D'
                    || original[start + 3] != 'R') {
                continue;
            }
            for (int end = editedAt + 16; end + 4 <= original.length; end++) {
                if (in.getInt(end) == JenkinsLookup3HashLittle.hash(Arrays.copyOfRange(original, start, end))) {
                    out.putInt(end, JenkinsLookup3HashLittle.hash(Arrays.copyOfRange(edited, start, end)));
                    return;
                }
            }
        }
        throw new AssertionError("no checksummed object header around byte " + editedAt);
    }
}
