package dev.valence.cli;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.OutputCapture;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceBuilder;
import dev.valence.runtime.internal.store.sqlite.SqliteStore;
import dev.valence.runtime.spi.store.DispatchLog;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * An open store for one command: the public {@link Valence} API over it, and its dispatch log for
 * what the API does not show (a node's argument edges and value type).
 *
 * <p>The command line opens the embedded store itself, through {@link SqliteStore}, rather than with
 * {@code Valence.open(folder)}: only that way can reading commands open it read-only (the API opens
 * read-only only as a fallback), so that looking at a store never migrates, locks or writes it.
 */
public final class StoreAccess implements AutoCloseable {
    private final Path folder;
    private final SqliteStore store;
    private final Valence valence;

    private StoreAccess(Path folder, SqliteStore store, Valence valence) {
        this.folder = folder;
        this.store = store;
        this.valence = valence;
    }

    /**
     * Opens an existing store read-only, for the commands that only read.
     *
     * @param folder the store's folder
     * @return the open store
     * @throws CliException when the folder is not a Valence store or cannot be opened
     */
    public static StoreAccess readOnly(Path folder) {
        return readOnly(folder, ClasspathOption.class.getClassLoader());
    }

    /**
     * Opens an existing store read-only, with a loader for the classes its values name.
     *
     * @param folder the store's folder
     * @param classLoader loads the generated catalogs that declare the values' types
     * @return the open store
     * @throws CliException when the folder is not a Valence store or cannot be opened
     */
    public static StoreAccess readOnly(Path folder, ClassLoader classLoader) {
        requireStore(folder);
        SqliteStore store = open(folder, () -> SqliteStore.openReadOnly(folder));
        // One worker and no output capture: nothing runs, and System.out must stay the console's.
        return withValence(
                folder,
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
     * @param folder the store's folder
     * @param classLoader loads the lattice's classes, for a redispatch
     * @param output what to do with what electrons print
     * @return the open store
     * @throws CliException when the folder is not a Valence store or cannot be opened
     */
    public static StoreAccess writable(Path folder, ClassLoader classLoader, OutputCapture output) {
        requireStore(folder);
        SqliteStore store = open(folder, () -> SqliteStore.open(folder));
        return withValence(
                folder,
                store,
                Valence.builder().store(store).classLoader(classLoader).output(output));
    }

    private static StoreAccess withValence(Path folder, SqliteStore store, ValenceBuilder builder) {
        try {
            return new StoreAccess(folder, store, builder.open());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Refuses a folder that holds no store: opening one for writing would create an empty store, and
     * a mistyped {@code --store} must not leave a new database behind.
     */
    static void requireStore(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw CliException.of(
                    ExitCodes.STORE,
                    "no Valence store at " + folder + ": the folder does not exist; pass --store with the folder"
                            + " a program opened with Valence.open(folder) (default .valence)");
        }
        if (!Files.isRegularFile(folder.resolve(SqliteStore.DATABASE_FILE))) {
            throw CliException.of(
                    ExitCodes.STORE,
                    folder + " is not a Valence store: it has no " + SqliteStore.DATABASE_FILE
                            + "; pass --store with the folder a program opened with Valence.open(folder)");
        }
    }

    /** Opens, saying which store failed and what to check instead of the driver's words alone. */
    private static SqliteStore open(Path folder, Supplier<SqliteStore> opener) {
        try {
            return opener.get();
        } catch (StoreException e) {
            throw CliException.of(
                    ExitCodes.STORE, e.getMessage() + " (check that " + folder + " is readable and not damaged)", e);
        }
    }

    /** @return the store's folder, as given */
    public Path folder() {
        return folder;
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
                        "the store " + folder + " has no dispatch " + id + "; list its dispatches with"
                                + " 'valence list --store " + folder + "'"));
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
