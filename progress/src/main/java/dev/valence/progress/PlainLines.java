package dev.valence.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Prints the progress bar library's renderings as plain lines, for logs and CI: none before the
 * first interval has passed (a short dispatch prints only its summary), then at most one per
 * interval, and none once stopped. Called on the library's own thread.
 */
final class PlainLines implements Consumer<String> {
    private final PrintStream out;
    private final long intervalNanos;
    private final AtomicLong lastPrinted = new AtomicLong(System.nanoTime());
    private final AtomicBoolean stopped = new AtomicBoolean();

    PlainLines(PrintStream out, Duration interval) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void accept(String line) {
        long now = System.nanoTime();
        long last = lastPrinted.get();
        if (!stopped.get() && now - last >= intervalNanos && lastPrinted.compareAndSet(last, now)) {
            out.println(line);
        }
    }

    /** The summary follows: print nothing more. */
    void stop() {
        stopped.set(true);
    }
}
