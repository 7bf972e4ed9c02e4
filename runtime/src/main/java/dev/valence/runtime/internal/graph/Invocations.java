package dev.valence.runtime.internal.graph;

import dev.valence.runtime.graph.ElectronRef;

/**
 * Runs an electron for the engine. {@link ElectronRef} keeps its invoker private, so that neither
 * users nor generated code can call an electron around the scheduler (its reuse, retries, timeout
 * and records); {@code ElectronRef} hands this class the one way in when it is initialised, the
 * JDK's "shared secrets" pattern. Not part of the API: this package is not exported.
 */
public final class Invocations {

    /** How {@link ElectronRef} runs one of its instances. */
    @FunctionalInterface
    public interface Access {
        /**
         * @param electron the electron
         * @param arguments the arguments in declaration order, boxed
         * @return the electron's result
         * @throws Exception whatever the electron throws
         */
        Object invoke(ElectronRef<?> electron, Object[] arguments) throws Exception;
    }

    private static volatile Access access;

    private Invocations() {}

    /**
     * Called once, by {@link ElectronRef}'s static initialiser.
     *
     * @param granted the access
     * @throws IllegalStateException when called a second time
     */
    public static synchronized void grant(Access granted) {
        if (access != null) {
            throw new IllegalStateException("ElectronRef's access was granted already");
        }
        access = granted;
    }

    /**
     * Runs an electron once. Any instance of {@code ElectronRef} exists only after its class was
     * initialised, so the access is always granted by then.
     *
     * @param electron the electron
     * @param arguments the arguments in declaration order, boxed
     * @return the electron's result
     * @throws Exception whatever the electron throws
     */
    public static Object invoke(ElectronRef<?> electron, Object[] arguments) throws Exception {
        return access.invoke(electron, arguments);
    }
}
