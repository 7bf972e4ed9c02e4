package dev.valence.benchmarks;

import dev.valence.runtime.internal.codec.Codecs;
import dev.valence.runtime.internal.codec.JsonCodec;
import dev.valence.runtime.spi.codec.ValueType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Storing a 1-million-element {@code double[]} (8 MB) and reading it back, as a ratio to the floor:
 *
 * <ul>
 *   <li>{@link #byteBufferFloor}: the hand-written version, little-endian bulk copy into a {@code
 *       byte[]} and back into a new {@code double[]};
 *   <li>{@link #valenceRaw}: Valence's codec chain, which picks the raw codec for a {@code double[]};
 *   <li>{@link #valenceHdf5Matrix}: the chain on the same numbers as a 1000 × 1000 {@code
 *       double[][]}, which it stores as HDF5 through jHDF;
 *   <li>{@link #jsonForComparison}: the JSON codec on the {@code double[]} (with its read-back
 *       check), what every value cost before codecs were chosen by type.
 * </ul>
 *
 * <p>Each operation encodes and decodes once; milliseconds per operation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CodecBenchmark {
    /** 1 million doubles: 8,000,000 bytes. */
    static final int DOUBLES = 1_000_000;

    private double[] doubles;
    private double[][] matrix;
    private Codecs codecs;
    private JsonCodec json;
    private ValueType arrayType;
    private ValueType matrixType;

    /** Random content, fixed seed. */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(20_261_122L);
        doubles = new double[DOUBLES];
        for (int i = 0; i < DOUBLES; i++) {
            doubles[i] = random.nextDouble();
        }
        matrix = new double[1000][1000];
        for (int i = 0; i < 1000; i++) {
            System.arraycopy(doubles, i * 1000, matrix[i], 0, 1000);
        }
        ClassLoader loader = CodecBenchmark.class.getClassLoader();
        codecs = new Codecs(List.of(), loader, () -> {
            throw new UnsupportedOperationException("no blobs here");
        });
        json = new JsonCodec(loader);
        arrayType = codecs.type("double[]");
        matrixType = codecs.type("double[][]");
    }

    /** @return the decoded copy */
    @Benchmark
    public double[] byteBufferFloor() {
        ByteBuffer out = ByteBuffer.allocate(DOUBLES * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.asDoubleBuffer().put(doubles);
        byte[] bytes = out.array();
        double[] back = new double[DOUBLES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(back);
        return back;
    }

    /** @return the decoded copy */
    @Benchmark
    public Object valenceRaw() {
        Codecs.Encoded encoded = codecs.encode(doubles, arrayType);
        return codecs.decode(encoded.codec(), encoded.bytes(), arrayType);
    }

    /** @return the decoded copy */
    @Benchmark
    public Object valenceHdf5Matrix() {
        Codecs.Encoded encoded = codecs.encode(matrix, matrixType);
        return codecs.decode(encoded.codec(), encoded.bytes(), matrixType);
    }

    /** @return the decoded copy */
    @Benchmark
    public Object jsonForComparison() {
        return json.decode(json.encode(doubles, "double[]"), "double[]");
    }
}
