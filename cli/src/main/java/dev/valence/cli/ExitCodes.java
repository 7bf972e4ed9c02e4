package dev.valence.cli;

/**
 * The exit codes of the {@code valence} command, for scripts to test. Documented in the README's
 * "Command line" section and in docs/design-notes.md; changing one breaks scripts.
 */
public final class ExitCodes {
    /** The command did what it was asked. */
    public static final int OK = 0;

    /**
     * The dispatch did not complete (a redispatch or a followed dispatch ended failed, cancelled or
     * interrupted), {@code cancel} found the dispatch already ended, or the runtime refused the
     * operation for a reason the message names.
     */
    public static final int FAILED = 1;

    /** The command line itself is wrong: an unknown command or option, a missing or malformed value. */
    public static final int USAGE = 2;

    /** The store has no such dispatch, or the dispatch no such node. */
    public static final int NOT_FOUND = 3;

    /** The store cannot be used: the folder is not a Valence store, or it cannot be opened or read. */
    public static final int STORE = 4;

    /** Refused because a dispatch is running: deleting a running dispatch, pruning while one runs. */
    public static final int RUNNING = 5;

    private ExitCodes() {}
}
