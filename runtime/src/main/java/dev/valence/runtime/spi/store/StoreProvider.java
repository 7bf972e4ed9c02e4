package dev.valence.runtime.spi.store;

/**
 * Opens a {@link ResultStore} named by a location string, so that a store module (PostgreSQL, a
 * cluster's shared store) can be chosen by a URL wherever Valence takes a store location: {@code
 * Stores.open(location)}, the command line's {@code --store}, a cluster worker's {@code --store}.
 * Found with {@link java.util.ServiceLoader}: a store module lists its provider in {@code
 * META-INF/services/dev.valence.runtime.spi.store.StoreProvider} (and {@code provides} it in its
 * module descriptor). The embedded store needs no provider: a location no provider accepts is a
 * folder.
 */
public interface StoreProvider {

    /**
     * @param location a store location as the user wrote it
     * @return whether this provider opens it (for example: it starts with {@code jdbc:postgresql:})
     */
    boolean accepts(String location);

    /**
     * Opens the store, creating or migrating its schema where the location allows.
     *
     * @param location a location this provider {@linkplain #accepts accepts}
     * @return the open store; the caller closes it
     * @throws StoreException when the store cannot be reached or opened; the message names the
     *     location (without its password) and the fix
     */
    ResultStore open(String location);

    /**
     * Opens the store for reading only, for tools that look at a store without changing it ({@code
     * valence list}, {@code show}). A store with no read-only mode of its own opens as {@link
     * #open} does (the default); the reading tools then write nothing through it anyway.
     *
     * @param location a location this provider {@linkplain #accepts accepts}
     * @return the open store; the caller closes it
     * @throws StoreException as {@link #open} does
     */
    default ResultStore openReadOnly(String location) {
        return open(location);
    }

    /**
     * @return the form of the locations this provider accepts, for error messages that list the
     *     choices: {@code jdbc:postgresql://host:port/database (module valence-postgres)}
     */
    String locationForm();
}
