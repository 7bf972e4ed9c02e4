package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.STRING;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchFailedException;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceBuilder;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.codec.ValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Codecs as a user meets them: through dispatches against the embedded SQLite store, read back by
 * a new {@link Valence} on the same folder as a later process would.
 *
 * <p>It proves that each kind of value is stored by the codec its declared type calls for (the
 * {@code codec} column of {@code stored_values}, read with plain JDBC) and comes back equal in a new
 * instance, which then reuses all of them; that a value no codec can store fails only its own node
 * with each codec's reason and the fix; that a user codec stores what it accepts, and that an
 * instance without it computes such a node again instead of reusing a value it could not read; that
 * the builder refuses a codec whose name is taken before opening anything; and that a
 * Java-serialization value replaced in the store by another class (with a matching checksum) is
 * refused by the declared-types filter when read.
 *
 * <p>A value this process cannot use (its codec is missing here, or it failed to decode) is not
 * reused: the node computes it again and the fresh value, encoded by this process, replaces the
 * stored bytes.
 *
 * <p>{@link Secret} has no Jackson-readable properties and is fingerprinted by its serialized form.
 * {@link Opaque} is not Serializable either, so the fingerprinter cannot read it: every instance
 * here registers a fingerprint adapter for it, as a user must (without one the dispatch call itself
 * is refused before any codec is asked).
 */
class CodecDispatchTest {
    private static final String PREFIX = CodecDispatchTest.class.getName() + "$";
    private static final String POINT = PREFIX + "Point";
    private static final String SECRET = PREFIX + "Secret";
    private static final String OPAQUE = PREFIX + "Opaque";
    private static final String READING = PREFIX + "Reading";
    private static final String SERIES = "java.util.Map<java.lang.String,double[]>";

    @TempDir
    Path folder;

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    /** A public record: stored as JSON. */
    public record Point(int x, int y) {}

    /** Serializable, with its state in private fields only: JSON cannot store it, Java serialization can. */
    public static final class Secret implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String label;
        private final int[] digits;

        public Secret(String label, int[] digits) {
            this.label = label;
            this.digits = digits.clone();
        }

        /** Not a getter Jackson sees: package-private, no {@code get} prefix. */
        String label() {
            return label;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Secret secret && secret.label.equals(label) && Arrays.equals(secret.digits, digits);
        }

        @Override
        public int hashCode() {
            return Objects.hash(label, Arrays.hashCode(digits));
        }
    }

    /** Neither Jackson-readable nor Serializable: no built-in codec can store it. */
    public static final class Opaque {
        private final int state;

        public Opaque(int state) {
            this.state = state;
        }

        int state() {
            return state;
        }
    }

    /** Serializable, but nowhere in what a {@link Secret} declares: the declared-types filter must refuse it. */
    public static final class Intruder implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String payload;

        public Intruder(String payload) {
            this.payload = payload;
        }

        @Override
        public String toString() {
            return "Intruder(" + payload + ")";
        }
    }

    /** A value the user's codec stores; JSON could too, so only the codec column tells who wrote it. */
    public record Reading(String sensor, double celsius) {}

    /** Stores a {@link Reading} as the text {@code sensor;celsius}, and counts its calls. */
    static final class ReadingCodec implements ValueCodec {
        static final String NAME = "reading-text";

        final AtomicInteger encoded = new AtomicInteger();
        final AtomicInteger decoded = new AtomicInteger();

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public boolean accepts(ValueType type, Object value) {
            return type.rawClass() == Reading.class && value instanceof Reading;
        }

        @Override
        public byte[] encode(Object value, ValueType type) {
            encoded.incrementAndGet();
            Reading reading = (Reading) value;
            return (reading.sensor() + ";" + reading.celsius()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object decode(byte[] bytes, ValueType type) {
            decoded.incrementAndGet();
            String text = new String(bytes, StandardCharsets.UTF_8);
            int separator = text.lastIndexOf(';');
            if (separator < 0) {
                throw new CodecException("not a reading: " + text, null);
            }
            return new Reading(text.substring(0, separator), Double.parseDouble(text.substring(separator + 1)));
        }
    }

    /** A codec that only has a name: enough for the builder's checks. */
    private static ValueCodec named(String name) {
        return new ValueCodec() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean accepts(ValueType type, Object value) {
                return false;
            }

            @Override
            public byte[] encode(Object value, ValueType type) {
                throw new CodecException("never used", null);
            }

            @Override
            public Object decode(byte[] bytes, ValueType type) {
                throw new CodecException("never used", null);
            }
        };
    }

    /** Opens an instance on the test's folder, as a new process would, with the given user codecs. */
    private Valence open(ValueCodec... codecs) {
        ValenceBuilder builder = Valence.builder().folder(folder).threads(4).fingerprint(Opaque.class, Opaque::state);
        for (ValueCodec codec : codecs) {
            builder.codec(codec);
        }
        return builder.open();
    }

    /** An electron {@code name(int x)} returning {@code type}, counting its runs. */
    private <R> ElectronRef<R> counted(String name, String type, IntFunction<R> body) {
        AtomicInteger count = runs.computeIfAbsent(name, key -> new AtomicInteger());
        return Fixtures.<R>electron(name).parameter("x", INT).returns(type).build(args -> {
            count.incrementAndGet();
            return body.apply((Integer) args[0]);
        });
    }

    /** An electron {@code name(T in)} of one argument, counting its runs. */
    private <T, R> ElectronRef<R> dependant(
            String name, String parameterType, String type, boolean cache, Function<T, R> body) {
        AtomicInteger count = runs.computeIfAbsent(name, key -> new AtomicInteger());
        return Fixtures.<R>electron(name)
                .parameter("in", parameterType)
                .returns(type)
                .cache(cache)
                .build(args -> {
                    count.incrementAndGet();
                    @SuppressWarnings("unchecked")
                    T in = (T) args[0];
                    return body.apply(in);
                });
    }

    private int runs(String name) {
        return runs.getOrDefault(name, new AtomicInteger()).get();
    }

    // --- 1. every built-in codec, through a store and back -------------------------------------

    /** One electron per built-in codec; the lattice returns the record, the others are side branches. */
    private LatticeRef<Point> everyCodec() {
        ElectronRef<double[]> samples = counted("samples", "double[]", x -> new double[] {x, x / 4.0, -x, Double.NaN});
        ElectronRef<double[][]> grid =
                counted("grid", "double[][]", x -> new double[][] {{x, 1.5, -2}, {0.25, x * x, Double.MIN_VALUE}});
        ElectronRef<Map<String, double[]>> series = counted("series", SERIES, x -> {
            Map<String, double[]> map = new LinkedHashMap<>();
            map.put("temperature", new double[] {20.5, 21, 21.5 + x});
            map.put("pressure", new double[] {1013.25 * x});
            return map;
        });
        ElectronRef<Point> point = counted("point", POINT, x -> new Point(x, -x));
        ElectronRef<Secret> secret = counted("secret", SECRET, x -> new Secret("agent-" + x, new int[] {x, x * x}));
        return Fixtures.lattice(
                "everyCodec",
                POINT,
                (graph, in) -> {
                    graph.call(samples, in.get(0));
                    graph.call(grid, in.get(0));
                    graph.call(series, in.get(0));
                    graph.call(secret, in.get(0));
                    return graph.call(point, in.get(0));
                },
                INT);
    }

    private static final List<String> EVERY_CODEC_NODES = List.of("samples", "grid", "series", "point", "secret");

    @Test
    void eachValueIsStoredByTheCodecItsTypeCallsForAndANewInstanceReadsAndReusesIt() throws SQLException {
        LatticeRef<Point> lattice = everyCodec();
        String id;
        Map<String, String> fingerprints = new LinkedHashMap<>();
        try (Valence valence = open()) {
            DispatchResult<Point> result = finish(valence.dispatch(lattice.workflow(3)));
            assertEquals(
                    DispatchStatus.COMPLETED,
                    result.status(),
                    () -> result.error().orElse(""));
            id = result.id();
            for (String name : EVERY_CODEC_NODES) {
                fingerprints.put(name, result.node(name).valueFingerprint().orElseThrow());
            }
        }

        // The stored names are a file format: pinned as literals, not through the codecs' constants.
        assertEquals("raw", storedCodec(fingerprints.get("samples")));
        assertEquals("hdf5", storedCodec(fingerprints.get("grid")));
        assertEquals("hdf5", storedCodec(fingerprints.get("series")));
        assertEquals("json", storedCodec(fingerprints.get("point")));
        assertEquals("java-serialization", storedCodec(fingerprints.get("secret")));

        try (Valence valence = open()) {
            DispatchResult<Object> stored = valence.result(id).orElseThrow();
            assertArrayEquals(
                    new double[] {3, 0.75, -3, Double.NaN},
                    stored.node("samples").value(double[].class));
            assertArrayEquals(
                    new double[][] {{3, 1.5, -2}, {0.25, 9, Double.MIN_VALUE}},
                    stored.node("grid").value(double[][].class));
            Map<?, ?> series = stored.node("series").value(Map.class);
            assertEquals(
                    List.of("pressure", "temperature"),
                    series.keySet().stream().sorted().toList());
            assertArrayEquals(new double[] {20.5, 21, 24.5}, (double[]) series.get("temperature"));
            assertArrayEquals(new double[] {3039.75}, (double[]) series.get("pressure"));
            assertEquals(new Point(3, -3), stored.node("point").value());
            assertEquals(new Point(3, -3), stored.value());

            DispatchResult<Point> again = finish(
                    valence.redispatch(id).withInputs(lattice.workflow(3)).start());
            // Java serialization decodes only as the code declares: this hand-built lattice (no
            // catalog) is known to the instance once it ran it, not before.
            assertEquals(
                    new Secret("agent-3", new int[] {3, 9}),
                    stored.node("secret").value());

            assertEquals(
                    DispatchStatus.COMPLETED,
                    again.status(),
                    () -> again.error().orElse(""));
            for (String name : EVERY_CODEC_NODES) {
                NodeResult node = again.node(name);
                assertEquals(NodeStatus.REUSED, node.status(), name);
                assertEquals(fingerprints.get(name), node.valueFingerprint().orElseThrow(), name);
            }
            assertEquals(new Point(3, -3), again.value());
        }
        for (String name : EVERY_CODEC_NODES) {
            assertEquals(1, runs(name), name + " ran once, in the first dispatch only");
        }
    }

    // --- 2. a value no codec can store -----------------------------------------------------------

    @Test
    void aValueNoCodecCanStoreFailsItsNodeWithEachCodecsReasonAndTheFix() {
        ElectronRef<Opaque> opaque = counted("opaque", OPAQUE, Opaque::new);
        ElectronRef<Integer> twice = counted("twice", INT, x -> 2 * x);
        ElectronRef<String> show = dependant("show", OPAQUE, STRING, true, (Opaque in) -> "state " + in.state());
        LatticeRef<Integer> lattice = Fixtures.lattice(
                "unstorable",
                INT,
                (graph, in) -> {
                    graph.call(show, graph.call(opaque, in.get(0)));
                    return graph.call(twice, in.get(0));
                },
                INT);

        try (Valence valence = open()) {
            DispatchResult<Integer> result = finish(valence.dispatch(lattice.workflow(4)));

            assertEquals(DispatchStatus.FAILED, result.status());
            NodeResult failed = result.node("opaque");
            assertEquals(NodeStatus.FAILED, failed.status());
            String error = failed.error().orElseThrow();
            assertTrue(error.contains("Valence cannot store a value of type " + OPAQUE), error);
            assertTrue(error.contains("json:"), error);
            assertTrue(error.contains("java-serialization:"), error);
            assertTrue(error.contains("does not implement java.io.Serializable"), error);
            assertTrue(error.contains("Valence.builder().codec(...)"), error);
            assertEquals(1, runs("opaque"), "the electron ran; storing its value failed");

            assertEquals(NodeStatus.CANCELLED, result.node("show").status());
            assertEquals(0, runs("show"));
            assertEquals(NodeStatus.COMPLETED, result.node("twice").status(), "an independent branch completes");
            assertEquals(8, result.node("twice").value());

            DispatchFailedException thrown = assertThrows(DispatchFailedException.class, result::value);
            assertTrue(thrown.getMessage().contains("node opaque failed"), thrown.getMessage());
            assertEquals(DispatchStatus.FAILED, thrown.status());
        }
    }

    // --- 3. a user codec -------------------------------------------------------------------------

    /** measure(x) is stored by the user codec; describe reads it (cached), announce reads it on every dispatch. */
    private LatticeRef<String> readings() {
        ElectronRef<Reading> measure = counted("measure", READING, x -> new Reading("probe-" + x, x * 1.5));
        ElectronRef<String> describe =
                dependant("describe", READING, STRING, true, (Reading in) -> in.sensor() + " reads " + in.celsius());
        ElectronRef<String> announce =
                dependant("announce", READING, STRING, false, (Reading in) -> "now " + in.celsius());
        return Fixtures.lattice(
                "readings",
                STRING,
                (graph, in) -> {
                    Handle<Reading> reading = graph.call(measure, in.get(0));
                    graph.call(announce, reading);
                    return graph.call(describe, reading);
                },
                INT);
    }

    @Test
    void aUserCodecStoresWhatItAcceptsAndAnInstanceWithoutItComputesTheNodeAgain() throws SQLException {
        LatticeRef<String> lattice = readings();
        Reading expected = new Reading("probe-2", 3.0);
        String id;
        String fingerprint;
        String described;
        ReadingCodec writer = new ReadingCodec();
        try (Valence valence = open(writer)) {
            DispatchResult<String> result = finish(valence.dispatch(lattice.workflow(2)));
            assertEquals(
                    DispatchStatus.COMPLETED,
                    result.status(),
                    () -> result.error().orElse(""));
            assertEquals("probe-2 reads 3.0", result.value());
            id = result.id();
            fingerprint = result.node("measure").valueFingerprint().orElseThrow();
            described = result.node("describe").valueFingerprint().orElseThrow();
        }
        assertEquals(ReadingCodec.NAME, storedCodec(fingerprint));
        assertEquals(1, writer.encoded.get());
        assertEquals("json", storedCodec(described), "the codec takes only what it accepts");

        ReadingCodec reader = new ReadingCodec();
        try (Valence valence = open(reader)) {
            assertEquals(
                    expected, valence.result(id).orElseThrow().node("measure").value());
            assertEquals(1, reader.decoded.get());

            DispatchResult<String> again = finish(valence.dispatch(lattice.workflow(2)));
            assertEquals(NodeStatus.REUSED, again.node("measure").status(), "an instance with the codec reuses it");
            assertEquals("now 3.0", again.node("announce").value(), "announce ran on the decoded stored value");
            assertEquals(2, reader.decoded.get(), "once for the result read, once for announce's argument");
        }
        assertEquals(1, runs("measure"));
        assertEquals(2, runs("announce"));

        try (Valence valence = open()) {
            DispatchResult<String> without = finish(valence.dispatch(lattice.workflow(2)));

            assertEquals(
                    DispatchStatus.COMPLETED,
                    without.status(),
                    () -> without.error().orElse(""));
            assertEquals(NodeStatus.COMPLETED, without.node("measure").status(), "computed again, not reused");
            assertEquals(2, runs("measure"));
            String reason = valence.explain(without.id(), "measure").reason();
            assertTrue(reason.startsWith("ran: "), reason);
            assertTrue(reason.contains("'" + ReadingCodec.NAME + "'"), reason);
            assertTrue(reason.contains("Valence.builder().codec"), reason);

            // The dependants got the right value: describe by reuse (same key), announce by running on the new one.
            assertEquals("probe-2 reads 3.0", without.value());
            assertEquals(NodeStatus.REUSED, without.node("describe").status());
            assertEquals(NodeStatus.COMPLETED, without.node("announce").status());
            assertEquals("now 3.0", without.node("announce").value());
            assertEquals(3, runs("announce"));

            // The fresh value, encoded by this instance's codecs, replaced the bytes it could not read:
            // it reads the node it just computed, and reuses it from now on.
            assertEquals("json", storedCodec(fingerprint));
            assertEquals(expected, without.node("measure").value());
            assertEquals(
                    NodeStatus.REUSED,
                    finish(valence.dispatch(lattice.workflow(2)))
                            .node("measure")
                            .status());
            assertEquals(2, runs("measure"));
        }
        try (Valence valence = open(new ReadingCodec())) {
            assertEquals(
                    expected,
                    valence.result(id).orElseThrow().node("measure").value(),
                    "an instance with the codec reads the replacement too: JSON is built in");
        }
    }

    // --- 4. the builder's checks -----------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"raw", "hdf5", "json", "java-serialization"})
    void aCodecNamedLikeABuiltInOneIsRefusedBeforeAnythingIsOpened(String name) throws IOException {
        ValenceBuilder builder = Valence.builder().folder(folder);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> builder.codec(named(name)));

        assertTrue(error.getMessage().contains("'" + name + "'"), error.getMessage());
        assertNothingOpened();
    }

    @Test
    void aSecondCodecWithTheSameNameIsRefusedBeforeAnythingIsOpened() throws IOException {
        ValenceBuilder builder = Valence.builder().folder(folder).codec(named("matrix"));

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> builder.codec(named("matrix")));

        assertTrue(error.getMessage().contains("'matrix'"), error.getMessage());
        assertNothingOpened();
    }

    private void assertNothingOpened() throws IOException {
        assertTrue(Files.notExists(folder.resolve(SqliteStore.DATABASE_FILE)));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(), files.toList(), "the folder stays empty");
        }
    }

    // --- 5. a tampered Java-serialization value --------------------------------------------------

    @Test
    void aSerializedValueReplacedByAnotherClassIsRefusedByTheDeclaredTypesFilter() throws SQLException, IOException {
        ElectronRef<Secret> secret = counted("secret", SECRET, x -> new Secret("agent-" + x, new int[] {x}));
        ElectronRef<String> reveal = dependant("reveal", SECRET, STRING, true, Secret::label);
        ElectronRef<Integer> peek = dependant("peek", SECRET, INT, true, Secret::hashCode);
        LatticeRef<String> guarded = Fixtures.lattice(
                "guarded", STRING, (graph, in) -> graph.call(reveal, graph.call(secret, in.get(0))), INT);
        LatticeRef<Integer> peeking =
                Fixtures.lattice("peeking", INT, (graph, in) -> graph.call(peek, graph.call(secret, in.get(0))), INT);

        String id;
        String fingerprint;
        try (Valence valence = open()) {
            DispatchResult<String> result = finish(valence.dispatch(guarded.workflow(5)));
            assertEquals(
                    DispatchStatus.COMPLETED,
                    result.status(),
                    () -> result.error().orElse(""));
            assertEquals("agent-5", result.value());
            id = result.id();
            fingerprint = result.node("secret").valueFingerprint().orElseThrow();
        }
        assertEquals("java-serialization", storedCodec(fingerprint));

        byte[] intruder = serialize(new Intruder("rm -rf"));
        CRC32C crc = new CRC32C();
        crc.update(intruder, 0, intruder.length);
        assertEquals(
                1,
                StoreSql.update(
                        folder,
                        "UPDATE stored_values SET data = ?, checksum = ? WHERE fingerprint = ?",
                        intruder,
                        crc.getValue(),
                        fingerprint));

        try (Valence valence = open()) {
            ValenceException error = assertThrows(
                    ValenceException.class,
                    () -> valence.result(id).orElseThrow().node("secret").value());
            // The lattice was built by hand and this instance has not seen it: no code declares the
            // type, so the Java-serialized value is not decoded at all (TamperedStoreTest covers the
            // filter's own refusal below the declared type).
            assertTrue(error.getMessage().contains("a type only the store records"), error.getMessage());
            assertTrue(error.getMessage().contains(SECRET), error.getMessage());

            // This instance could not decode the value: it does not reuse it, but computes it again
            // and replaces the stored bytes; reveal, whose key is unchanged, reuses its own result.
            DispatchResult<String> again = finish(valence.dispatch(guarded.workflow(5)));
            assertEquals(
                    DispatchStatus.COMPLETED,
                    again.status(),
                    () -> again.error().orElse(""));
            assertEquals(NodeStatus.COMPLETED, again.node("secret").status());
            String reason = again.node("secret").reason().orElseThrow();
            assertTrue(reason.contains("could not decode the stored result"), reason);
            assertEquals(NodeStatus.REUSED, again.node("reveal").status());
            assertEquals("agent-5", again.value());
            assertEquals(
                    new Secret("agent-5", new int[] {5}), again.node("secret").value());

            // From now on the value is reused and readable: a dependant that has to run gets it.
            DispatchResult<Integer> peeked = finish(valence.dispatch(peeking.workflow(5)));
            assertEquals(
                    DispatchStatus.COMPLETED,
                    peeked.status(),
                    () -> peeked.error().orElse(""));
            assertEquals(NodeStatus.REUSED, peeked.node("secret").status());
            assertEquals(new Secret("agent-5", new int[] {5}).hashCode(), peeked.value());
        }
        try (Valence later = open()) {
            // Reading a hand-built lattice's Java-serialized value needs the lattice known here.
            finish(later.dispatch(guarded.workflow(5)));
            assertEquals(
                    new Secret("agent-5", new int[] {5}),
                    later.result(id).orElseThrow().node("secret").value(),
                    "the intruder is gone from the store");
        }
        assertEquals(2, runs("secret"), "once at first, once to replace the tampered bytes");
        assertEquals(1, runs("reveal"));
        assertEquals(1, runs("peek"));
    }

    private static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        return bytes.toByteArray();
    }

    // --- the store, read as a tool would ---------------------------------------------------------

    /** The name of the codec that wrote a stored value, from the {@code codec} column. */
    private String storedCodec(String fingerprint) throws SQLException {
        try (Connection connection = StoreSql.connect(folder);
                PreparedStatement statement =
                        connection.prepareStatement("SELECT codec FROM stored_values WHERE fingerprint = ?")) {
            statement.setString(1, fingerprint);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next(), "no stored value " + fingerprint);
                return rows.getString(1);
            }
        }
    }
}
