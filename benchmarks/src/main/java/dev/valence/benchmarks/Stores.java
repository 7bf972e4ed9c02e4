package dev.valence.benchmarks;

import dev.valence.runtime.CheckpointMode;
import dev.valence.runtime.Valence;
import dev.valence.runtime.internal.store.InMemoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** The stores a benchmark can run on, by the name its JMH parameter uses. */
enum Stores {
    /** {@link InMemoryStore}: scheduling without persistence. */
    MEMORY("memory"),
    /** The embedded store in its default checkpoint mode ({@link CheckpointMode#EACH_NODE}): {@code Valence.open(folder)}. */
    SQLITE("sqlite"),
    /** The embedded store committing every 50 ms. */
    SQLITE_PERIODIC("sqlite-periodic"),
    /** The embedded store committing when the dispatch ends. */
    SQLITE_END("sqlite-end");

    /** The size of Valence's default pool, and of the hand-written programs' executor. */
    static final int THREADS = Runtime.getRuntime().availableProcessors();

    private final String parameter;

    Stores(String parameter) {
        this.parameter = parameter;
    }

    static Stores of(String parameter) {
        for (Stores store : values()) {
            if (store.parameter.equals(parameter)) {
                return store;
            }
        }
        throw new IllegalArgumentException("unknown store " + parameter);
    }

    /** @return whether the store keeps a folder */
    boolean persistent() {
        return this != MEMORY;
    }

    /**
     * Opens Valence on this store, with the default pool ({@link #THREADS} threads).
     *
     * @param folder the embedded store's folder; ignored by {@link #MEMORY}
     * @return the instance
     */
    Valence open(Path folder) {
        switch (this) {
            case MEMORY:
                return Valence.builder().store(new InMemoryStore()).open();
            case SQLITE:
                return Valence.open(folder);
            case SQLITE_PERIODIC:
                return Valence.builder()
                        .folder(folder)
                        .checkpoint(CheckpointMode.every(Duration.ofMillis(50)))
                        .open();
            default:
                return Valence.builder()
                        .folder(folder)
                        .checkpoint(CheckpointMode.END_OF_DISPATCH)
                        .open();
        }
    }

    static Path newFolder() {
        try {
            return Files.createTempDirectory("valence-benchmark");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
