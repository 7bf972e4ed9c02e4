package dev.valence.runtime.command;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Kills a command's process with everything it started, so that no child outlives a timeout or an interrupt. */
final class ProcessTree {
    private ProcessTree() {}

    /**
     * Kills a process and its descendants, and waits up to 10 seconds for the process to end. The
     * descendants are listed before the parent dies, or they would be orphaned out of reach. The
     * wait is not cut short by an interrupt (the caller is usually reacting to one); the thread's
     * interrupt flag is kept as it was, or set if an interrupt came during the wait.
     */
    static void kill(Process process) {
        boolean interrupted = Thread.interrupted();
        try {
            List<ProcessHandle> descendants = process.descendants().toList();
            process.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
            while (true) {
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
