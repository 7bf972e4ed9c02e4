package dev.valence.runtime.spi.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where dispatches, node results and values live: the runtime's only persistence, made of roles
 * that a store implements separately (a PostgreSQL store and a cluster share one shape). Every role
 * is required except {@link #housekeeping()}: there is no default that silently switches a feature
 * off. To change one role of an existing store (refuse some hits, count lookups), extend {@link
 * ForwardingResultStore} and override that role's accessor.
 *
 * <p>Implementations are thread-safe; each accessor returns the same object on every call.
 */
public interface ResultStore extends AutoCloseable {

    /** @return the record of dispatches and nodes */
    DispatchLog dispatchLog();

    /** @return the key index, from cache keys to stored results and recorded failures */
    ResultIndex resultIndex();

    /** @return the content-addressed values */
    ValueStore values();

    /**
     * The content-addressed file area for large bytes (a command's stdout, stderr and output files).
     *
     * @return the blob store
     */
    BlobStore blobs();

    /** @return presence and leases among the processes sharing the store */
    Coordination coordination();

    /** @return space management, or empty when the store keeps nothing to manage */
    Optional<Housekeeping> housekeeping();

    /**
     * @return this process's folder for electrons' temporary files (see {@link Scratch}), inside the
     *     store so that a killed run leaves nothing elsewhere; empty for a store without files (the
     *     system's temp folder is used then)
     */
    Optional<Path> scratchFolder();

    /**
     * {@link Coordination#tokenIfFree} and, when the key is free, {@link ResultIndex#lookup} read
     * after it: what a process that believes itself alone does before computing a key unleased
     * (another process may have just finished it). The default makes the two calls; a server
     * store answers both in one round trip, reading the lease row and the index in one statement.
     * {@link ForwardingResultStore} keeps the default, so that its roles' overrides are honoured.
     *
     * @param cacheKey the key
     * @param owner the caller's id, as for {@code tokenIfFree}
     * @param fromDispatch the dispatch the lookup is confined to ({@code Reuse.from}), or null
     * @return the token and the stored result, or empty while another process holds the key's lease
     */
    default Optional<FreeKey> lookupIfFree(String cacheKey, String owner, String fromDispatch) {
        long token = coordination().tokenIfFree(cacheKey, owner);
        if (token < 0) {
            return Optional.empty();
        }
        return Optional.of(new FreeKey(token, resultIndex().lookup(cacheKey, fromDispatch)));
    }

    /** Releases the store's resources. Further calls fail. */
    @Override
    void close();
}
