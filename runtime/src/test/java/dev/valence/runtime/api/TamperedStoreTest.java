package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.Catalog;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Graph;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store edited by someone else must not choose what Valence decodes: values are decoded as the
 * types the code declares (found through the generated catalog the store names, here {@link
 * Lattices}), a recorded type that differs is refused before decoding, and a stream cannot claim
 * more than its bytes can hold. The edits are made with plain JDBC, checksums updated, so that only
 * the type checks stand between the edit and the decoder.
 */
class TamperedStoreTest {
    private static final String INT = "java.lang.Integer";
    private static final String INTS = "int[]";
    private static final String CLASS = "dev.valence.runtime.api.Tampered";

    @TempDir
    Path folder;

    /** A Serializable class whose {@code readObject} has a side effect: the attack's payload. */
    static final class Gadget implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean ran;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            ran = true;
        }
    }

    /** The generated-style catalog the store names, so a new instance finds the code. */
    public static final class Lattices implements Catalog {
        static final ElectronRef<Integer> INC = ElectronRef.<Integer>builder(CLASS + "#inc")
                .parameter("x", INT)
                .returns(INT)
                .catalog(Lattices.class.getName())
                .build(args -> (Integer) args[0] + 1);
        static final ElectronRef<int[]> MAKE = ElectronRef.<int[]>builder(CLASS + "#make")
                .parameter("n", INT)
                .returns(INTS)
                .catalog(Lattices.class.getName())
                .build(args -> new int[(Integer) args[0]]);
        static final ElectronRef<Integer> LENGTH = ElectronRef.<Integer>builder(CLASS + "#length")
                .parameter("a", INTS)
                .returns(INT)
                .catalog(Lattices.class.getName())
                .build(args -> ((int[]) args[0]).length);
        static final LatticeRef<Integer> INCREMENT = lattice("increment", INC);
        static final LatticeRef<Integer> MEASURE = lattice("measure", LENGTH);

        private static LatticeRef<Integer> lattice(String name, ElectronRef<Integer> last) {
            LatticeRef.Builder<Integer> builder = LatticeRef.<Integer>builder(CLASS + "#" + name)
                    .parameter("x", INT)
                    .returns(INT)
                    .catalog(Lattices.class.getName());
            LatticeRef<?>[] self = new LatticeRef<?>[1];
            LatticeRef<Integer> built = builder.build(args -> {
                Graph.Builder graph = Graph.builder();
                Handle<Integer> x = graph.input("x", (Integer) args[0], INT);
                Handle<Integer> out = last == INC ? graph.call(INC, x) : graph.call(LENGTH, graph.call(MAKE, x));
                @SuppressWarnings("unchecked")
                LatticeRef<Integer> me = (LatticeRef<Integer>) self[0];
                return me.workflow(graph, out);
            });
            self[0] = built;
            return built;
        }

        /** Public, no arguments: the runtime instantiates it by the name the store recorded. */
        public Lattices() {}

        @Override
        public List<LatticeRef<?>> lattices() {
            return List.of(INCREMENT, MEASURE);
        }

        @Override
        public List<ElectronRef<?>> electrons() {
            return List.of(INC, MAKE, LENGTH);
        }
    }

    @BeforeEach
    void reset() {
        Gadget.ran = false;
    }

    @Test
    void aNodeWhoseStoredTypeWasEditedIsRefusedAndNotDecoded() throws Exception {
        String id = dispatchIncrement();
        plantGadget(id, "inc");

        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Object> result = valence.result(id).orElseThrow();
            ValenceException error = assertThrows(
                    ValenceException.class, () -> result.node("inc").value());
            assertRefused(error, "inc");
            assertRefused(assertThrows(ValenceException.class, result::value), "inc");
        }
        assertFalse(Gadget.ran, "the gadget's readObject never ran");
    }

    @Test
    void aRedispatchWhoseStoredInputTypeWasEditedIsRefusedAndNotDecoded() throws Exception {
        String id = dispatchIncrement();
        plantGadget(id, "x");

        try (Valence valence = Valence.open(folder)) {
            assertRefused(
                    assertThrows(
                            ValenceException.class,
                            () -> valence.result(id).orElseThrow().node("x").value()),
                    "x");
            ValenceException error = assertThrows(
                    ValenceException.class, () -> valence.redispatch(id).start());
            assertRefused(error, "x");
        }
        assertFalse(Gadget.ran, "the gadget's readObject never ran");
    }

    @Test
    void aSerializedArrayClaimingMoreElementsThanItsBytesFailsFastAndTheDispatchEnds() throws Exception {
        String id;
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> first = finish(valence.dispatch(Lattices.MEASURE.workflow(3)));
            assertEquals(3, first.value());
            id = first.id();
        }
        byte[] bomb = intArrayClaiming(0x7ffffff0, 114);
        assertEquals(114, bomb.length);
        String fingerprint = fingerprintOf(id, "make");
        StoreSql.update(
                folder,
                "UPDATE stored_values SET codec = 'java-serialization', data = ?, checksum = ? WHERE fingerprint = ?",
                bomb,
                crc32c(bomb),
                fingerprint);
        // The downstream result's index entry goes, so the next dispatch must read make's value.
        StoreSql.update(
                folder,
                "DELETE FROM results WHERE dispatch_id = ? AND node_index = "
                        + "(SELECT node_index FROM nodes WHERE dispatch_id = ? AND name = 'length')",
                id,
                id);

        try (Valence valence = Valence.open(folder)) {
            // make is reused (its checksum matches); length runs and reads it: it fails, and the dispatch ends.
            DispatchResult<Integer> again = finish(valence.dispatch(Lattices.MEASURE.workflow(3)));
            assertEquals(DispatchStatus.FAILED, again.status());
            assertEquals(NodeStatus.REUSED, again.node("make").status());
            assertEquals(NodeStatus.FAILED, again.node("length").status());
            String why = again.node("length").error().orElseThrow();
            assertTrue(why.contains("claims an array of 2147483632 elements"), why);

            ValenceException error = assertThrows(
                    ValenceException.class,
                    () -> valence.result(id).orElseThrow().node("make").value());
            assertTrue(error.getMessage().contains("claims an array of 2147483632 elements"), error.getMessage());
        }
    }

    private String dispatchIncrement() {
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<Integer> result = finish(valence.dispatch(Lattices.INCREMENT.workflow(41)));
            assertEquals(42, result.value());
            return result.id();
        }
    }

    /** Records the gadget as the node's type and its serialized form as the node's value, checksum and all. */
    private void plantGadget(String id, String node) throws Exception {
        byte[] payload = serialize(new Gadget());
        String fingerprint = fingerprintOf(id, node);
        assertEquals(
                1,
                StoreSql.update(
                        folder,
                        "UPDATE nodes SET type = ? WHERE dispatch_id = ? AND name = ?",
                        Gadget.class.getName(),
                        id,
                        node));
        assertEquals(
                1,
                StoreSql.update(
                        folder,
                        "UPDATE stored_values SET codec = 'java-serialization', type = ?, data = ?, checksum = ?"
                                + " WHERE fingerprint = ?",
                        Gadget.class.getName(),
                        payload,
                        crc32c(payload),
                        fingerprint));
    }

    private static void assertRefused(ValenceException error, String node) {
        String message = error.getMessage();
        assertTrue(message.contains("the store records type " + Gadget.class.getName() + " for node " + node), message);
        assertTrue(message.contains("but the code declares " + INT), message);
        assertTrue(message.contains("the store was edited or the code changed"), message);
    }

    /** An {@code int[]} stream whose length field claims {@code claimed} elements, padded to {@code size} bytes. */
    private static byte[] intArrayClaiming(int claimed, int size) throws IOException {
        byte[] empty = serialize(new int[0]);
        byte[] bomb = Arrays.copyOf(empty, size);
        ByteBuffer.wrap(bomb).putInt(empty.length - 4, claimed);
        return bomb;
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    private static long crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data, 0, data.length);
        return crc.getValue();
    }

    private String fingerprintOf(String id, String node) throws SQLException {
        try (Connection connection = StoreSql.connect(folder);
                PreparedStatement query = connection.prepareStatement(
                        "SELECT value_fingerprint FROM nodes WHERE dispatch_id = ? AND name = ?")) {
            query.setString(1, id);
            query.setString(2, node);
            try (var rows = query.executeQuery()) {
                assertTrue(rows.next(), "no node " + node);
                return rows.getString(1);
            }
        }
    }
}
