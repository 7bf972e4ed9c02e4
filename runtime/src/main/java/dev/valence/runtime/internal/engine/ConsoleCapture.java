package dev.valence.runtime.internal.engine;

import dev.valence.runtime.OutputCapture;
import dev.valence.runtime.spi.store.CapturedOutput;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Arrays;

/**
 * Captures what Java electrons print. {@code System.out} and {@code System.err} are replaced once
 * per JVM by streams that route each write by the writing thread: to the node whose electron runs
 * on it (an {@link InheritableThreadLocal}, so threads an electron starts write to its node too),
 * or else to the original console. A node's capture closes when its call returns; a thread it
 * started that writes later goes to the console, never to another node.
 */
final class ConsoleCapture {
    private static final InheritableThreadLocal<NodeOutput> CURRENT = new InheritableThreadLocal<>();
    private static Charset charset;

    private final OutputCapture mode;

    ConsoleCapture(OutputCapture mode) {
        this.mode = mode;
        if (mode != OutputCapture.OFF) {
            install();
        }
    }

    private static synchronized void install() {
        if (charset != null) {
            return;
        }
        charset = consoleCharset();
        System.setOut(new PrintStream(new Routing(System.out, false), true, charset));
        System.setErr(new PrintStream(new Routing(System.err, true), true, charset));
    }

    /** The charset the console streams encode with: read from the properties Java 17 and 19+ set. */
    private static Charset consoleCharset() {
        for (String property : new String[] {"stdout.encoding", "sun.stdout.encoding"}) {
            String name = System.getProperty(property);
            if (name != null && Charset.isSupported(name)) {
                return Charset.forName(name);
            }
        }
        return Charset.defaultCharset();
    }

    /** Starts capturing on the calling thread; null when capture is off. */
    NodeOutput begin() {
        if (mode == OutputCapture.OFF) {
            return null;
        }
        NodeOutput output = new NodeOutput(mode == OutputCapture.CAPTURE_AND_PRINT, CURRENT.get());
        CURRENT.set(output);
        return output;
    }

    /** Ends a capture begun on this thread; null when nothing was written (or capture is off). */
    static CapturedOutput end(NodeOutput output) {
        if (output == null) {
            return null;
        }
        output.open = false;
        // An electron that runs a nested dispatch on its thread gets its own capture back.
        if (output.previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(output.previous);
        }
        return output.captured();
    }

    /** One node's capture: the tails of its two streams. */
    static final class NodeOutput {
        final boolean print;
        final NodeOutput previous;
        final Tail stdout = new Tail(OutputCapture.TAIL_BYTES);
        final Tail stderr = new Tail(OutputCapture.TAIL_BYTES);
        volatile boolean open = true;

        NodeOutput(boolean print, NodeOutput previous) {
            this.print = print;
            this.previous = previous;
        }

        CapturedOutput captured() {
            if (stdout.total() == 0 && stderr.total() == 0) {
                return null;
            }
            return new CapturedOutput(stdout.stream(charset), stderr.stream(charset));
        }
    }

    /**
     * The last bytes written, in a ring, and how many were written in all. The ring is made with
     * the first write: most electrons print nothing, and a ring per node would cost every node.
     */
    static final class Tail {
        private final int size;
        private byte[] ring;
        private long total;

        Tail(int size) {
            this.size = size;
        }

        synchronized void write(byte[] bytes, int offset, int length) {
            if (ring == null) {
                ring = new byte[size];
            }
            if (length > ring.length) {
                // Only the last bytes can stay: count the others as written and skip them.
                int skipped = length - ring.length;
                total += skipped;
                offset += skipped;
                length = ring.length;
            }
            int position = (int) (total % ring.length);
            int first = Math.min(length, ring.length - position);
            System.arraycopy(bytes, offset, ring, position, first);
            System.arraycopy(bytes, offset + first, ring, 0, length - first);
            total += length;
        }

        synchronized long total() {
            return total;
        }

        synchronized CapturedOutput.Stream stream(Charset charset) {
            if (total == 0) {
                return CapturedOutput.Stream.EMPTY;
            }
            byte[] kept;
            if (total <= ring.length) {
                kept = Arrays.copyOf(ring, (int) total);
            } else {
                int start = (int) (total % ring.length);
                kept = new byte[ring.length];
                System.arraycopy(ring, start, kept, 0, ring.length - start);
                System.arraycopy(ring, 0, kept, ring.length - start, start);
            }
            String text = new String(kept, charset);
            return new CapturedOutput.Stream(text, total, total > ring.length);
        }
    }

    /** Sends each write to the writing thread's node, or to the original stream. */
    private static final class Routing extends OutputStream {
        private final PrintStream original;
        private final boolean error;

        Routing(PrintStream original, boolean error) {
            this.original = original;
            this.error = error;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            NodeOutput output = CURRENT.get();
            if (output != null && output.open) {
                (error ? output.stderr : output.stdout).write(bytes, offset, length);
                if (!output.print) {
                    return;
                }
            }
            original.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            original.flush();
        }
    }
}
