package dev.valence.runtime.internal.store.sqlite;

import dev.valence.runtime.spi.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.SQLiteException;

/**
 * Turns a failed SQLite call into the message a user can act on. A full disk, a damaged file and a
 * read-only file system each say what happened and what to do, instead of the driver's text (which,
 * after a full disk, was a misleading "no transaction is active"); anything else keeps the driver's
 * message behind "cannot <what> in the store <folder>".
 */
final class StoreFailures {
    // SQLite's primary result codes (the low byte of an extended code).
    private static final int SQLITE_READONLY = 8;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_NOTADB = 26;

    private StoreFailures() {}

    /** The store exception for a failure of {@code what} (a verb phrase) in the store at {@code folder}. */
    static StoreException of(Path folder, String what, Exception cause) {
        return new StoreException(message(folder, what, cause), cause);
    }

    static String message(Path folder, String what, Exception cause) {
        String specific = specific(folder, cause);
        return specific != null ? specific : "cannot " + what + " in the store " + folder + ": " + cause.getMessage();
    }

    /** The message for a full disk, a damaged file or a read-only file system; null for any other failure. */
    static String specific(Path folder, Exception cause) {
        switch (primaryCode(cause)) {
            case SQLITE_FULL:
                return full(folder);
            case SQLITE_CORRUPT:
                return damaged(folder, "database disk image is malformed");
            case SQLITE_NOTADB:
                return damaged(folder, "file is not a database");
            case SQLITE_READONLY:
                return readOnly(folder);
            default:
                return null;
        }
    }

    /** The message for a store whose disk is full, with the free space read now. */
    static String full(Path folder) {
        return "the store at " + folder + " is full: " + usableSpace(folder) + " bytes free; free space and redispatch";
    }

    static String damaged(Path folder, String sqliteMessage) {
        return "the store at " + folder + " is damaged (SQLite: " + sqliteMessage + "); move "
                + SqliteStore.DATABASE_FILE + " aside or restore it from a backup, then redispatch";
    }

    static String readOnly(Path folder) {
        return "cannot write the store at " + folder + ": read-only file system";
    }

    /** Whether a failure means the database file is damaged (no retry will help). */
    static boolean isDamage(Exception cause) {
        int code = primaryCode(cause);
        return code == SQLITE_CORRUPT || code == SQLITE_NOTADB;
    }

    /** The primary SQLite result code of the first SQLite exception in the causes, or -1. */
    private static int primaryCode(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                return sqlite.getResultCode().code & 0xff;
            }
        }
        return -1;
    }

    private static long usableSpace(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            // The message still says the store is full; -1 says the free space is unknown.
            return -1;
        }
    }
}
