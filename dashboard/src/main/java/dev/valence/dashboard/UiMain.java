package dev.valence.dashboard;

import dev.valence.runtime.Stores;
import dev.valence.runtime.Valence;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Serves the dashboard of a store until the process is stopped: {@code UiMain STORE [--port N]
 * [--bind ADDR]}, the store a folder or a URL a store module on the class path opens ({@code
 * jdbc:postgresql://...}). The command line's {@code valence ui} calls {@link #run}.
 */
public final class UiMain {
    private UiMain() {}

    /**
     * Runs the dashboard until the process is stopped.
     *
     * @param args {@code STORE [--port N] [--bind ADDR]}, the store a folder or a URL a store module
     *     on the class path opens
     * @throws InterruptedException when interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        int status = run(args, System.out, System.err, new CountDownLatch(1));
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Parses the arguments, opens the store and serves until {@code stop} is released (never, from
     * {@link #main}: Ctrl-C ends the process, and a shutdown hook closes the store).
     *
     * @param args {@code STORE [--port N] [--bind ADDR]}, the store a folder or a URL a store module
     *     on the class path opens
     * @param out where the address is printed
     * @param err where usage errors are printed
     * @param stop released to stop serving
     * @return the exit status: 0, or 2 for a usage error
     * @throws InterruptedException when interrupted while serving
     */
    public static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop)
            throws InterruptedException {
        String location = null;
        int port = 8080;
        String bind = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--port") || arg.equals("--bind")) && i + 1 < args.length) {
                String value = args[++i];
                if (arg.equals("--bind")) {
                    bind = value;
                } else {
                    try {
                        port = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        return usage(err, "--port takes a number, got '" + value + "'");
                    }
                }
            } else if (arg.startsWith("--") || location != null) {
                return usage(err, "unexpected argument '" + arg + "'");
            } else {
                location = arg;
            }
        }
        if (location == null) {
            return usage(err, "name the store: its folder, or its URL");
        }
        ResultStore store;
        try {
            // An existing store only: a mistyped folder must not become an empty store.
            store = Stores.openExisting(location, UiMain.class.getClassLoader());
        } catch (StoreException e) {
            return usage(err, e.getMessage());
        }
        Valence valence = Valence.builder().store(store).open();
        ValenceUi ui;
        try {
            ui = bind == null ? ValenceUi.start(valence, port) : ValenceUi.start(valence, bind, port);
        } catch (RuntimeException e) {
            valence.close();
            throw e;
        }
        // Ctrl-C ends the process: the hook closes the server, then the store, so its last commits are written.
        Thread hook = new Thread(
                () -> {
                    ui.close();
                    valence.close();
                },
                "valence-ui-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // A URL may hold a password: the store names itself without one.
        out.println("Valence dashboard of " + (Stores.isUrl(location) ? store : location) + " at " + ui.url());
        if (bind != null) {
            out.println("access token: " + ui.token());
        }
        out.flush();
        try {
            stop.await();
        } finally {
            Runtime.getRuntime().removeShutdownHook(hook);
            ui.close();
            valence.close();
        }
        return 0;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("valence ui: " + problem);
        err.println("usage: UiMain STORE_FOLDER_OR_URL [--port N] [--bind ADDR]");
        return 2;
    }
}
