package dev.valence.runtime;

import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoreProvider;
import java.net.URI;
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
                return provider.open(location);
            }
            forms.add(provider.locationForm());
        }
        if (URL.matcher(location).matches() && !location.startsWith("file:")) {
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
        return SqliteStore.open(folder);
    }
}
