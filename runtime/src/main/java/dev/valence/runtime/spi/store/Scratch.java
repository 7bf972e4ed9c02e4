package dev.valence.runtime.spi.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the temporary files of the electron running on this thread go: a folder of this process
 * inside its store ({@link ResultStore#scratchFolder()}), which the store deletes when it closes and
 * sweeps when a later process opens it after this one died. So a killed run leaves nothing in the
 * system's temp folder. Commands' working folders and the HDF5 codec's files use it; threads an
 * electron starts inherit it. Bound by the engine around each electron call.
 */
public final class Scratch {
    private static final InheritableThreadLocal<Path> CURRENT = new InheritableThreadLocal<>();

    private Scratch() {}

    /** @return the running electron's scratch folder, or empty outside electrons or for stores without files */
    public static Optional<Path> folder() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Binds a scratch folder to the calling thread until the binding is closed.
     *
     * @param folder the folder, or null for none
     * @return restores the previous binding when closed
     */
    public static Binding bind(Path folder) {
        Path previous = CURRENT.get();
        CURRENT.set(folder);
        return () -> CURRENT.set(previous);
    }

    /** Restores the previous scratch folder of the thread. */
    @FunctionalInterface
    public interface Binding extends AutoCloseable {
        @Override
        void close();
    }
}
