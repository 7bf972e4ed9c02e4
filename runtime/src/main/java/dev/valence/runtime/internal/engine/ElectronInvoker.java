package dev.valence.runtime.internal.engine;

import dev.valence.runtime.ElectronTimeoutException;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.internal.graph.Invocations;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Calls an electron with its retry and timeout rules. A timed-out attempt is interrupted on its
 * thread; an electron that ignores interrupts keeps its thread until it returns, and its late
 * result is discarded as a timeout. Exceptions of the retried types are retried after the
 * electron's delay, growing by its backoff factor; an {@link Error} ends the call at once (the JVM
 * may be short of memory or stack, and a retry would most likely meet the same). The retry delay
 * is waited on the electron's thread, and a cancel interrupts it.
 */
final class ElectronInvoker {
    private final ScheduledExecutorService timer;

    /** What the caller learns about attempts, and how it says that the node ended meanwhile. */
    interface Attempts {
        /**
         * @param attempt 1 for the first attempt
         * @return false when the node has ended (cancelled): the attempt must not run
         */
        boolean starting(int attempt);

        /** An attempt failed and another follows after the delay. */
        void retrying(int attempt, Exception error, Duration delay);
    }

    ElectronInvoker(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    Object invoke(ElectronRef<?> electron, Object[] arguments, Attempts attempts) throws Exception {
        Exception last = null;
        int allowed = electron.retries() + 1;
        int attempt = 1;
        while (true) {
            if (!attempts.starting(attempt)) {
                throw new CancellationException("the node ended before attempt " + attempt);
            }
            try {
                return attempt(electron, arguments);
            } catch (Exception e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
                if (attempt == allowed
                        || !worthRetrying(electron, e)
                        || Thread.currentThread().isInterrupted()) {
                    break;
                }
                Duration delay = delay(electron, attempt);
                attempts.retrying(attempt, e, delay);
                if (!delay.isZero()) {
                    try {
                        Thread.sleep(delay.toMillis(), delay.toNanosPart() % 1_000_000);
                    } catch (InterruptedException interrupted) {
                        // A cancel: the node has ended; keep the interrupt for the caller to clear.
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                attempt++;
            }
        }
        if (attempt > 1) {
            throw new ValenceException(
                    "electron " + electron.name() + " failed " + attempt + " attempts; last: " + last, last);
        }
        throw last;
    }

    private static boolean worthRetrying(ElectronRef<?> electron, Exception error) {
        if (electron.retryOn().isEmpty()) {
            return true;
        }
        for (Class<? extends Throwable> type : electron.retryOn()) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    /** The delay after a failed attempt: the electron's delay, times its backoff for each retry before. */
    static Duration delay(ElectronRef<?> electron, int failedAttempt) {
        Duration first = electron.retryDelay();
        if (first.isZero()) {
            return first;
        }
        double nanos = first.toNanos() * Math.pow(electron.retryBackoff(), failedAttempt - 1);
        // Saturate instead of overflowing: a day is longer than any sensible retry delay.
        return Duration.ofNanos(
                (long) Math.min(nanos, (double) Duration.ofDays(1).toNanos()));
    }

    private Object attempt(ElectronRef<?> electron, Object[] arguments) throws Exception {
        Optional<Duration> timeout = electron.timeout();
        if (timeout.isEmpty()) {
            return Invocations.invoke(electron, arguments);
        }
        Alarm alarm = new Alarm(Thread.currentThread());
        ScheduledFuture<?> scheduled = timer.schedule(alarm::ring, timeout.get().toNanos(), TimeUnit.NANOSECONDS);
        Object result;
        try {
            result = Invocations.invoke(electron, arguments);
        } catch (Throwable e) {
            // Errors too: an attempt that ends with one must still disarm the alarm and clear its
            // interrupt, or the pool thread's next task starts interrupted.
            alarm.disarmOrThrow(electron, timeout.get(), e);
            throw e;
        } finally {
            scheduled.cancel(false);
        }
        alarm.disarmOrThrow(electron, timeout.get(), null);
        return result;
    }

    /** Interrupts the attempt's thread once its time is up, and tells the attempt whether it did. */
    private static final class Alarm {
        private final Thread worker;
        private boolean finished;
        private boolean rang;

        Alarm(Thread worker) {
            this.worker = worker;
        }

        synchronized void ring() {
            if (!finished) {
                finished = true;
                rang = true;
                worker.interrupt();
            }
        }

        /** Ends the attempt; if the alarm rang, clears the interrupt it caused and reports a timeout. */
        synchronized void disarmOrThrow(ElectronRef<?> electron, Duration timeout, Throwable cause)
                throws ElectronTimeoutException {
            finished = true;
            if (rang) {
                // The interrupt was ours, not the pool's: clear it so the thread's next task starts clean.
                Thread.interrupted();
                throw new ElectronTimeoutException(
                        "electron " + electron.name() + " exceeded its timeout of " + timeout, cause);
            }
        }
    }
}
