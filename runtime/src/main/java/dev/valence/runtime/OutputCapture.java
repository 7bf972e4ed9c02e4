package dev.valence.runtime;

/**
 * What happens to what Java electrons write to {@code System.out} and {@code System.err}; chosen
 * with {@link ValenceBuilder#output(OutputCapture)}.
 *
 * <p>Capture works by routing: the first instance that captures replaces {@code System.out} and
 * {@code System.err} with streams that send each write to the node running on the writing thread
 * (or on the thread that started it), and everything else to the original console, for the rest
 * of the JVM's life. Each node keeps the last {@value #TAIL_BYTES} bytes of each stream and the
 * total size; they are stored with its result and read with {@link NodeResult#stdout()} and
 * {@link NodeResult#stderr()}. A command's own output is in its {@code CommandResult}.
 */
public enum OutputCapture {
    /** Capture each electron's output and also print it to the console, as without Valence (the default). */
    CAPTURE_AND_PRINT,
    /** Capture each electron's output and print nothing of it. */
    CAPTURE_ONLY,
    /** Leave {@code System.out} and {@code System.err} alone; nothing is captured. */
    OFF;

    /** How much of the end of each stream a node keeps. */
    public static final int TAIL_BYTES = 64 * 1024;
}
