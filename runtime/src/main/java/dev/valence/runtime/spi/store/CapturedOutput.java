package dev.valence.runtime.spi.store;

import java.util.Objects;

/**
 * What a Java electron wrote to {@code System.out} and {@code System.err} while it ran (from its
 * own thread and the threads it started), as stored with its node: the end of each stream, up to
 * a bound, and how much was written in all.
 *
 * @param stdout standard output
 * @param stderr standard error
 */
public record CapturedOutput(Stream stdout, Stream stderr) {

    /**
     * Both streams are required; one that got nothing is {@link Stream#EMPTY}.
     *
     * @param stdout standard output
     * @param stderr standard error
     */
    public CapturedOutput {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /**
     * One captured stream.
     *
     * @param text the end of what was written, decoded with the console's charset
     * @param bytes how many bytes were written in all
     * @param truncated whether {@code text} is only the end: the beginning exceeded the bound
     */
    public record Stream(String text, long bytes, boolean truncated) {
        /** A stream nothing was written to. */
        public static final Stream EMPTY = new Stream("", 0, false);

        /**
         * Rejects a missing text and a negative size.
         *
         * @param text the end of what was written
         * @param bytes how many bytes were written in all
         * @param truncated whether the text is only the end
         */
        public Stream {
            Objects.requireNonNull(text, "text");
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
            }
        }
    }
}
