package dev.valence.runtime.internal.engine;

import dev.valence.runtime.ElectronTimeoutException;
import dev.valence.runtime.ValenceException;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.internal.graph.Invocations;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * Calls an electron with its retry and timeout rules. A timed-out attempt is interrupted on its
 * thread; an electron that ignores interrupts keeps its thread until it returns, and its late
 * result is discarded as a timeout. Exceptions are retried; an {@link Error} ends the call at once
 * (the JVM may be short of memory or stack, and a retry would most likely meet the same).
 */
final class ElectronInvoker {
    private final ScheduledExecutorService timer;

    ElectronInvoker(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    Object invoke(ElectronRef<?> electron, Object[] arguments, IntConsumer onAttempt, BooleanSupplier cancelled)
            throws Exception {
        Exception last = null;
        int attempts = electron.retries() + 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            onAttempt.accept(attempt);
            try {
                return attempt(electron, arguments);
            } catch (Exception e) {
                if (last != null) {
                    e.addSuppressed(last);
                }
                last = e;
                if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    break;
                }
            }
        }
        if (attempts > 1) {
            throw new ValenceException(
                    "electron " + electron.name() + " failed " + attempts + " attempts; last: " + last, last);
        }
        throw last;
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
