package dev.valence.runtime;

import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoreProvider;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.regex.Pattern;

/**
 * Opens a store from a location string: a folder for the embedded store, or a URL that a store
 * module on the class path accepts ({@code jdbc:postgresql://db:5432/valence} with {@code
 * valence-postgres}). The result goes to {@link ValenceBuilder#store(ResultStore)}:
 *
 * <pre>{@code
 * Valence valence = Valence.builder().store(Stores.open(args[0])).open();
 * }</pre>
 */
public final class Stores {
    /** A URL scheme (two letters or more, so a Windows drive letter stays a folder). */
    private static final Pattern URL = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private Stores() {}

    /**
     * Whether a location names a store module's store rather than a folder: a URL scheme of two
     * letters or more ({@code jdbc:}), except {@code file:}, which is a folder.
     *
     * @param location a store location as the user wrote it
     * @return whether it is a URL for a {@link StoreProvider}
     */
    public static boolean isUrl(String location) {
        return URL.matcher(location).matches() && !location.startsWith("file:");
    }

    /**
     * Opens the store at a location with the providers the thread's context class loader finds.
     *
     * @param location a folder, or a URL a {@link StoreProvider} accepts
     * @return the open store; {@link Valence#close()} closes it once given to the builder
     * @throws StoreException when no provider accepts a URL (the message lists the forms known), or
     *     the store cannot be opened
     */
    public static ResultStore open(String location) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return open(location, context != null ? context : Stores.class.getClassLoader());
    }

    /**
     * Opens the store at a location with the providers a class loader finds.
     *
     * @param location a folder, or a URL a {@link StoreProvider} accepts
     * @param classLoader where to look for providers
     * @return the open store
     * @throws StoreException when no provider accepts a URL, or the store cannot be opened
     */
    public static ResultStore open(String location, ClassLoader classLoader) {
        return open(location, classLoader, Mode.CREATE);
    }

    /**
     * Opens an existing store, never creating one: for tools that look at or change a store a
     * program made ({@code valence cancel}, {@code prune}), where a mistyped folder must not leave an
     * empty store behind.
     *
     * @param location a folder holding a store, or a URL a {@link StoreProvider} accepts
     * @param classLoader where to look for providers
     * @return the open store
     * @throws StoreException when the folder does not exist or holds no store (the message says
     *     which), no provider accepts a URL, or the store cannot be opened
     */
    public static ResultStore openExisting(String location, ClassLoader classLoader) {
        return open(location, classLoader, Mode.EXISTING);
    }

    /**
     * Opens an existing store for reading only: the embedded store is neither migrated, locked nor
     * written, and every write fails; a store module without a read-only mode opens as usual (see
     * {@link StoreProvider#openReadOnly}).
     *
     * @param location a folder holding a store, or a URL a {@link StoreProvider} accepts
     * @param classLoader where to look for providers
     * @return the open store
     * @throws StoreException when the folder does not exist or holds no store (the message says
     *     which), no provider accepts a URL, or the store cannot be read
     */
    public static ResultStore openReadOnly(String location, ClassLoader classLoader) {
        return open(location, classLoader, Mode.READ_ONLY);
    }

    /** How a location is opened. */
    private enum Mode {
        CREATE,
        EXISTING,
        READ_ONLY
    }

    private static ResultStore open(String location, ClassLoader classLoader, Mode mode) {
        Objects.requireNonNull(location, "location");
        if (location.isBlank()) {
            throw new StoreException(
                    "the store location is empty; give a folder (.valence) or a URL"
                            + " such as jdbc:postgresql://host:5432/valence",
                    null);
        }
        List<String> forms = new ArrayList<>();
        for (StoreProvider provider : ServiceLoader.load(StoreProvider.class, classLoader)) {
            if (provider.accepts(location)) {
                return mode == Mode.READ_ONLY ? provider.openReadOnly(location) : provider.open(location);
            }
            forms.add(provider.locationForm());
        }
        if (isUrl(location)) {
            String scheme = location.substring(0, location.indexOf(':'));
            throw new StoreException(
                    "no store module on the class path opens '" + scheme + ":' locations;"
                            + (forms.isEmpty() ? " none is there" : " the ones there open " + String.join(", ", forms))
                            + ". Add the module for it (valence-postgres for jdbc:postgresql:), or give a folder",
                    null);
        }
        Path folder;
        try {
            // InvalidPathException is an IllegalArgumentException, as URI.create's errors are.
            folder = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException e) {
            throw new StoreException("'" + location + "' is neither a folder nor a store URL: " + e.getMessage(), e);
        }
        if (mode != Mode.CREATE) {
            requireStore(folder);
        }
        return mode == Mode.READ_ONLY ? SqliteStore.openReadOnly(folder) : SqliteStore.open(folder);
    }

    /** Refuses a folder that holds no embedded store, saying which of the two it is. */
    private static void requireStore(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new StoreException("no Valence store at " + folder + ": the folder does not exist", null);
        }
        if (!Files.isRegularFile(folder.resolve(SqliteStore.DATABASE_FILE))) {
            throw new StoreException(folder + " is not a Valence store: it has no " + SqliteStore.DATABASE_FILE, null);
        }
    }
}
