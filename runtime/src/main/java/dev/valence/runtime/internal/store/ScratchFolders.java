package dev.valence.runtime.internal.store;

import dev.valence.runtime.spi.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store's scratch space: {@code <store>/scratch/<process>/}, one folder per open store, held by a
 * lock on its {@code lock} file for as long as the store is open. The operating system releases the
 * lock when a process dies, however it dies, so opening a store sweeps every folder whose lock can
 * be taken: what a killed process left (a command's working folder, a half-written HDF5 file).
 * Folders younger than {@link #GRACE} are left alone: their owner may be between creating the
 * folder and locking it.
 * Closing the store deletes its own folder.
 */
public final class ScratchFolders implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScratchFolders.class);
    private static final String LOCK = "lock";

    /**
     * How old a folder (or its lock file) must be before a sweep looks at it: a process that opens
     * its store at the same moment has created its folder but not yet locked it.
     */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final Path folder;
    private final FileChannel channel;
    private final FileLock lock;

    private ScratchFolders(Path folder, FileChannel channel, FileLock lock) {
        this.folder = folder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Sweeps what dead processes left in the store's scratch space and takes a folder of its own.
     *
     * @param storeFolder the store's folder
     * @return this process's scratch space
     * @throws StoreException when the folder cannot be created
     */
    public static ScratchFolders open(Path storeFolder) {
        Path root = storeFolder.resolve("scratch");
        try {
            Files.createDirectories(root);
            sweep(root);
            Path own = Files.createDirectory(root.resolve(UUID.randomUUID().toString()));
            FileChannel channel =
                    FileChannel.open(own.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new ScratchFolders(own, channel, channel.lock());
        } catch (IOException e) {
            throw new StoreException("cannot create the scratch folder in " + root + ": " + e, e);
        }
    }

    /**
     * Deletes every scratch folder whose lock no live process holds. Never fails the open: another
     * process may sweep or close at the same time, and what is left goes with a later sweep.
     */
    private static void sweep(Path root) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root)) {
            for (Path candidate : folders) {
                if (Files.isDirectory(candidate) && abandoned(candidate)) {
                    LOG.info("removing the scratch folder {} that a process which ended left behind", candidate);
                    try {
                        delete(candidate);
                    } catch (IOException e) {
                        LOG.debug("could not remove all of {}: {}", candidate, e.toString());
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("could not sweep {}: {}", root, e.toString());
        }
    }

    private static boolean abandoned(Path candidate) {
        Path lockFile = candidate.resolve(LOCK);
        if (!Files.exists(lockFile)) {
            // Made by a process that died before it wrote its lock file, or one about to write it.
            return olderThanGrace(candidate);
        }
        if (!olderThanGrace(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock taken = channel.tryLock();
            if (taken == null) {
                return false;
            }
            taken.release();
            return true;
        } catch (OverlappingFileLockException e) {
            // Held by this very JVM (another store instance on the same folder): alive.
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes a folder's tree, deepest first; a link is deleted, never followed. */
    private static void delete(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean olderThanGrace(Path path) {
        try {
            Instant modified = Files.getLastModifiedTime(path).toInstant();
            return modified.isBefore(Instant.now().minus(GRACE));
        } catch (IOException e) {
            // Gone meanwhile (another sweep, or its owner closing): nothing to do.
            return false;
        }
    }

    /** @return this process's folder */
    public Path folder() {
        return folder;
    }

    /** Releases the lock and deletes the folder with whatever is left in it. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
            delete(folder);
        } catch (IOException e) {
            LOG.warn("cannot remove the scratch folder {}: {}; the next open removes it", folder, e.toString());
        }
    }
}
