package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceBuilder;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.spi.codec.CodecException;
import dev.valence.runtime.spi.codec.ValueCodec;
import dev.valence.runtime.spi.codec.ValueType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reuse.withFailures() does not replay a failure recorded before a later success, even when that
 * success cannot be used here, nor a failure that was Valence's own (a value no codec could store):
 * only the electron's own failures are reused.
 */
class ReuseFailuresRegressionTest {
    private static final String INT = "java.lang.Integer";
    private static final String STRING = "java.lang.String";

    @TempDir
    Path folder;

    private final AtomicInteger runs = new AtomicInteger();
    private volatile boolean broken = true;

    /** Stores strings; named "upper". */
    static final class UpperCodec implements ValueCodec {
        @Override
        public String name() {
            return "upper";
        }

        @Override
        public boolean accepts(ValueType type, Object value) {
            return value instanceof String;
        }

        @Override
        public byte[] encode(Object value, ValueType type) {
            return ((String) value).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object decode(byte[] bytes, ValueType type) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** A value Valence can fingerprint (adapter) but no built-in codec can store. */
    public static final class Opaque {
        private final int state;

        public Opaque(int state) {
            this.state = state;
        }

        int state() {
            return state;
        }
    }

    /** Stores Opaque. */
    static final class OpaqueCodec implements ValueCodec {
        @Override
        public String name() {
            return "opaque";
        }

        @Override
        public boolean accepts(ValueType type, Object value) {
            return value instanceof Opaque;
        }

        @Override
        public byte[] encode(Object value, ValueType type) {
            return Integer.toString(((Opaque) value).state()).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Object decode(byte[] bytes, ValueType type) {
            try {
                return new Opaque(Integer.parseInt(new String(bytes, StandardCharsets.UTF_8)));
            } catch (NumberFormatException e) {
                throw new CodecException("not an Opaque", e);
            }
        }
    }

    private final ElectronRef<String> fragile = ElectronRef.<String>builder("dev.valence.runtime.api.Hand#fragileText")
            .parameter("x", INT)
            .returns(STRING)
            .build(args -> {
                runs.incrementAndGet();
                if (broken) {
                    throw new IllegalStateException("offline");
                }
                return "value " + args[0];
            });

    private final LatticeRef<String> lattice =
            Fixtures.lattice("fragileTextLattice", STRING, (graph, in) -> graph.call(fragile, in.get(0)), INT);

    private final ElectronRef<Opaque> opaque = ElectronRef.<Opaque>builder("dev.valence.runtime.api.Hand#opaqueValue")
            .parameter("x", INT)
            .returns(Opaque.class.getName())
            .build(args -> {
                runs.incrementAndGet();
                return new Opaque((Integer) args[0]);
            });

    private final LatticeRef<Opaque> opaqueLattice = Fixtures.lattice(
            "opaqueLattice", Opaque.class.getName(), (graph, in) -> graph.call(opaque, in.get(0)), INT);

    private Valence open(ValueCodec... codecs) {
        ValenceBuilder builder = Valence.builder().folder(folder).fingerprint(Opaque.class, Opaque::state);
        for (ValueCodec codec : codecs) {
            builder.codec(codec);
        }
        return builder.open();
    }

    /**
     * Failed, then succeeded (stored by a codec this later process lacks). The success is not
     * reusable here, so the node is computed, not failed with the older failure.
     */
    @Test
    void anOlderFailureIsNotReusedWhenTheLaterSuccessCannotBeUsedHere() {
        try (Valence valence = open()) {
            assertEquals(
                    DispatchStatus.FAILED,
                    finish(valence.dispatch(lattice.workflow(1))).status());
        }
        broken = false;
        try (Valence valence = open(new UpperCodec())) {
            assertEquals(
                    "value 1", finish(valence.dispatch(lattice.workflow(1))).value());
        }
        try (Valence valence = open()) {
            DispatchResult<String> third = finish(valence.dispatch(lattice.workflow(1), Reuse.ALL.withFailures()));
            assertEquals(
                    NodeStatus.COMPLETED,
                    third.node("fragileText").status(),
                    () -> third.node("fragileText").reason().orElse(""));
        }
    }

    /**
     * The first run's "every codec refused it" failure is Valence's, not the electron's: once the
     * codec is registered, Reuse.ALL.withFailures() does not replay it.
     */
    @Test
    void aStorageFailureIsNotReusedOnceACodecIsRegistered() {
        try (Valence valence = open()) {
            DispatchResult<Opaque> first = finish(valence.dispatch(opaqueLattice.workflow(7)));
            assertEquals(DispatchStatus.FAILED, first.status());
        }
        try (Valence valence = open(new OpaqueCodec())) {
            DispatchResult<Opaque> second =
                    finish(valence.dispatch(opaqueLattice.workflow(7), Reuse.ALL.withFailures()));
            assertEquals(
                    DispatchStatus.COMPLETED,
                    second.status(),
                    () -> second.node("opaqueValue").reason().orElse(""));
        }
    }
}
