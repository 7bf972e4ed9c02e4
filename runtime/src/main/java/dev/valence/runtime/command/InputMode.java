package dev.valence.runtime.command;

/**
 * How {@link Command#inputFile(String, java.nio.file.Path, InputMode)} places a file in the
 * command's working folder. The file's content is part of the electron's cache key whichever the
 * mode (a {@code Path} argument is fingerprinted by content); the mode only decides what the
 * program sees.
 *
 * <p>A file of a store's blob area (a stored command's output given by {@link
 * CommandResult#outputPath(String)}, say) is never linked: linked, a program could write into the
 * store (as root, read-only permissions do not stop it) and change what every later reader sees.
 * {@link #SYMLINK} and {@link #HARD_LINK} place it as a read-only copy instead, {@link #COPY} as a
 * private writable copy.
 */
public enum InputMode {
    /**
     * A symbolic link to the file (the default, as in Nextflow): free for any size. A program that
     * writes to its input in place writes to the original, and a few programs refuse links as
     * input ({@code gzip file} without {@code -c}); use {@link #COPY} for those.
     */
    SYMLINK,
    /** A hard link where the file system allows, else a copy: a regular file, free for any size. */
    HARD_LINK,
    /** A private copy: the program may change it freely; costs the time and space of a copy. */
    COPY
}
