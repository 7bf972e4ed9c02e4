package dev.valence.progress;

import dev.valence.runtime.DispatchEvent;
import dev.valence.runtime.DispatchListener;
import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows the progress of dispatches on the console: nodes done of all, how many ran, were reused,
 * failed and run now, the time elapsed and an estimate of the time left. On a terminal it is a bar
 * redrawn in place; when the output is redirected or in CI (the {@code CI} environment variable is
 * {@code true}) it is one plain line every few seconds at most, and a last one when the dispatch
 * ends.
 *
 * <pre>{@code
 * try (Valence valence = Valence.builder().listener(ConsoleProgress.toStandardError()).open()) { ... }
 * }</pre>
 *
 * <p>A sublattice's child dispatch adds its nodes to its parent's bar. Listeners run on Valence's
 * event thread, never on an electron's.
 */
public final class ConsoleProgress implements DispatchListener {
    /** How often a plain line is printed at most. */
    public static final Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    private static final int BAR_REFRESH_MILLIS = 200;

    private final PrintStream out;
    private final boolean terminal;
    private final Duration interval;
    /** Dispatch id to the bar of its top-level dispatch; a child dispatch maps to its parent's. */
    private final Map<String, Bar> bars = new HashMap<>();

    private ConsoleProgress(PrintStream out, boolean terminal, Duration interval) {
        this.out = out;
        this.terminal = terminal;
        this.interval = interval;
    }

    /** @return progress on standard error: a bar on a terminal, plain lines otherwise */
    public static ConsoleProgress toStandardError() {
        return new ConsoleProgress(System.err, onTerminal(), PLAIN_INTERVAL);
    }

    /**
     * @param out where to print
     * @param interval how often a line is printed at most
     * @return progress as plain lines, as in CI
     */
    public static ConsoleProgress plainLines(PrintStream out, Duration interval) {
        return new ConsoleProgress(out, false, interval);
    }

    /**
     * @param out the terminal to draw on
     * @return progress as a bar redrawn in place
     */
    public static ConsoleProgress bar(PrintStream out) {
        return new ConsoleProgress(out, true, Duration.ofMillis(BAR_REFRESH_MILLIS));
    }

    /**
     * Whether standard output and error go to a terminal, and not to CI. Java 22 and later give
     * every process a console and tell a terminal by {@code Console.isTerminal()}; before, a
     * console exists only on a terminal.
     */
    static boolean onTerminal() {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            return false;
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    @Override
    public void onEvent(DispatchEvent event) {
        if (event instanceof DispatchEvent.DispatchStarted started) {
            Bar parent = started.parentId() == null ? null : bars.get(started.parentId());
            if (parent == null) {
                bars.put(started.dispatchId(), new Bar(started.latticeName(), started.nodes()));
            } else {
                parent.grow(started.nodes());
                bars.put(started.dispatchId(), parent);
            }
            return;
        }
        Bar bar = bars.get(event.dispatchId());
        if (bar == null) {
            return;
        }
        if (event instanceof DispatchEvent.DispatchEnded ended) {
            bars.remove(event.dispatchId());
            if (!bars.containsValue(bar)) {
                bar.close(ended);
            }
        } else {
            bar.count(event);
        }
    }

    /** One top-level dispatch's bar and counts. */
    private final class Bar {
        private final ProgressBar bar;
        private final String lattice;
        private final long startedNanos = System.nanoTime();
        private final PlainLines plain = new PlainLines(out, interval);
        /** The nodes started and not ended, by dispatch and index. */
        private final Set<String> running = new HashSet<>();

        private int ran;
        private int reused;
        private int failed;
        private int cancelled;

        Bar(String lattice, int nodes) {
            this.lattice = lattice;
            this.bar = new ProgressBarBuilder()
                    .setTaskName(lattice)
                    .setInitialMax(nodes)
                    .setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis((int) interval.toMillis())
                    .setConsumer(consumer())
                    .build();
            describe();
        }

        private ProgressBarConsumer consumer() {
            if (terminal) {
                return new ConsoleProgressBarConsumer(out);
            }
            return new DelegatingProgressBarConsumer(plain);
        }

        void grow(int nodes) {
            bar.maxHint(bar.getMax() + nodes);
        }

        void count(DispatchEvent event) {
            if (!(event instanceof DispatchEvent.NodeEvent node)) {
                return;
            }
            String key = node.dispatchId() + "#" + node.nodeIndex();
            if (event instanceof DispatchEvent.NodeStarted) {
                running.add(key);
                describe();
                return;
            }
            if (event instanceof DispatchEvent.NodeCompleted) {
                ran++;
            } else if (event instanceof DispatchEvent.NodeReused) {
                reused++;
            } else if (event instanceof DispatchEvent.NodeFailed) {
                failed++;
            } else if (event instanceof DispatchEvent.NodeCancelled) {
                cancelled++;
            } else {
                return;
            }
            running.remove(key);
            bar.step();
            describe();
        }

        private void describe() {
            bar.setExtraMessage("ran " + ran + ", reused " + reused + ", failed " + failed
                    + (cancelled > 0 ? ", cancelled " + cancelled : "") + ", running " + running.size());
        }

        /**
         * Draws the last state and, as plain lines, adds a summary: the library's last line may
         * lag one step behind, since it renders on a thread of its own.
         */
        void close(DispatchEvent.DispatchEnded ended) {
            if (terminal) {
                bar.refresh();
            }
            plain.stop();
            bar.close();
            if (!terminal) {
                Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
                out.println(lattice + " " + ended.status() + ": " + bar.getCurrent() + "/" + bar.getMax()
                        + " nodes done in " + took.toMillis() / 1000.0 + " s; " + bar.getExtraMessage());
            }
        }
    }
}
