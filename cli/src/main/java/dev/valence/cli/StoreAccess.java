package dev.valence.cli;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.OutputCapture;
import dev.valence.runtime.Stores;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceBuilder;
import dev.valence.runtime.spi.store.DispatchLog;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import java.util.List;
import java.util.function.Supplier;

/**
 * An open store for one command: the public {@link Valence} API over it, and its dispatch log for
 * what the API does not show (a node's argument edges and value type).
 *
 * <p>The command line opens the store with {@link Stores#openReadOnly} for the reading commands, so
 * that looking at a store never migrates, locks or writes it, and with {@link Stores#openExisting}
 * for the others, so that a mistyped {@code --store} never leaves an empty store behind. A URL
 * ({@code jdbc:postgresql://...}) goes to the store module on the class path (the shaded jar holds
 * {@code valence-postgres}); reading commands then run their engine without announcing themselves,
 * so they write nothing either.
 */
public final class StoreAccess implements AutoCloseable {

    private final String location;
    private final ResultStore store;
    private final Valence valence;

    private StoreAccess(String location, ResultStore store, Valence valence) {
        this.location = location;
        this.store = store;
        this.valence = valence;
    }

    /**
     * Opens an existing store read-only, for the commands that only read.
     *
     * @param location the store's folder, or its URL
     * @return the open store
     * @throws CliException when the folder is not a Valence store or the store cannot be opened
     */
    public static StoreAccess readOnly(String location) {
        return readOnly(location, ClasspathOption.class.getClassLoader());
    }

    /**
     * Opens an existing store read-only, with a loader for the classes its values name.
     *
     * @param location the store's folder, or its URL
     * @param classLoader loads the generated catalogs that declare the values' types
     * @return the open store
     * @throws CliException when the folder is not a Valence store or the store cannot be opened
     */
    public static StoreAccess readOnly(String location, ClassLoader classLoader) {
        ResultStore store = open(location, () -> Stores.openReadOnly(location, StoreAccess.class.getClassLoader()));
        // One worker and no output capture: nothing runs, and System.out must stay the console's.
        return withValence(
                location,
                store,
                Valence.builder()
                        .store(new ReadOnlyStore(store))
                        .classLoader(classLoader)
                        .threads(1)
                        .output(OutputCapture.OFF));
    }

    /**
     * Opens an existing store for writing: cancel, delete, prune, vacuum and redispatch.
     *
     * @param location the store's folder, or its URL
     * @param classLoader loads the lattice's classes, for a redispatch
     * @param output what to do with what electrons print
     * @return the open store
     * @throws CliException when the folder is not a Valence store or the store cannot be opened
     */
    public static StoreAccess writable(String location, ClassLoader classLoader, OutputCapture output) {
        ResultStore store = open(location, () -> Stores.openExisting(location, StoreAccess.class.getClassLoader()));
        return withValence(
                location,
                store,
                Valence.builder().store(store).classLoader(classLoader).output(output));
    }

    /**
     * Opens an existing store for a command that hands it on rather than reading it here ({@code
     * valence worker}): refused with the fix, as by {@link #writable}, never created.
     *
     * @param location the store's folder, or its URL
     * @return the open store, the caller's to close
     * @throws CliException when the folder is not a Valence store or the store cannot be opened
     */
    static ResultStore existing(String location) {
        return open(location, () -> Stores.openExisting(location, StoreAccess.class.getClassLoader()));
    }

    /** @return whether a location is a URL (a store module's), not a folder */
    static boolean isUrl(String location) {
        return Stores.isUrl(location);
    }

    private static StoreAccess withValence(String location, ResultStore store, ValenceBuilder builder) {
        try {
            return new StoreAccess(location, store, builder.open());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Opens, saying which store failed and what to check instead of the driver's words alone. */
    private static ResultStore open(String location, Supplier<ResultStore> opener) {
        try {
            return opener.get();
        } catch (StoreException e) {
            throw CliException.of(ExitCodes.STORE, e.getMessage() + hint(location, e), e);
        }
    }

    /** What to do about a store that cannot be opened: the fix for a folder, nothing more for a URL. */
    private static String hint(String location, StoreException e) {
        if (isUrl(location)) {
            return "";
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("not a Valence store") || message.contains("does not exist")
                ? "; pass --store with the folder a program opened with Valence.open(folder) (default .valence)"
                : " (check that " + location + " is readable and not damaged)";
    }

    /** @return where the store is, for messages: its folder, or its URL without credentials */
    public String location() {
        return isUrl(location) ? store.toString() : location;
    }

    /** @return the API over the store */
    public Valence valence() {
        return valence;
    }

    /**
     * Reads a dispatch.
     *
     * @param id the dispatch's id
     * @return its result
     * @throws CliException with {@link ExitCodes#NOT_FOUND} when the store has no such dispatch
     */
    public DispatchResult<Object> dispatch(String id) {
        return valence.result(id)
                .orElseThrow(() -> CliException.of(
                        ExitCodes.NOT_FOUND,
                        "the store " + location() + " has no dispatch " + id + "; list its dispatches with"
                                + " 'valence list --store " + (isUrl(location) ? "URL" : location) + "'"));
    }

    /** @return the dispatch log, for the records the API does not show */
    public DispatchLog log() {
        return store.dispatchLog();
    }

    /**
     * @param dispatchId a dispatch known to exist
     * @return its nodes as stored, in graph order
     */
    public List<NodeRecord> nodes(String dispatchId) {
        return store.dispatchLog().nodes(dispatchId);
    }

    /**
     * @param records a dispatch's stored nodes
     * @param index a node's index
     * @return the node with that index
     */
    static NodeRecord record(List<NodeRecord> records, int index) {
        for (NodeRecord record : records) {
            if (record.index() == index) {
                return record;
            }
        }
        throw new IllegalStateException("the store lists no node " + index + " though the dispatch has it");
    }

    /** Closes the API, which closes the store. */
    @Override
    public void close() {
        valence.close();
    }
}
