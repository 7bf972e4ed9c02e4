package dev.valence.cli;

import dev.valence.dashboard.UiMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code valence ui}: serves the web dashboard of the store until the process is stopped (Ctrl-C). */
@Command(
        name = "ui",
        mixinStandardHelpOptions = true,
        description = "Serves the web dashboard of the store on 127.0.0.1 (or --bind ADDR, with an access token)"
                + " until stopped with Ctrl-C.")
public final class UiCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--port", description = "the port (default 8080; 0 for any free one)")
    int port = 8080;

    @Option(
            names = "--bind",
            description = "the address to listen on; any but the loopback requires the access token it prints")
    String bind;

    /** Made by picocli. */
    public UiCommand() {}

    @Override
    public Integer call() throws InterruptedException {
        // Refused here, with the command line's exit code and fix, rather than by the dashboard's main.
        try (StoreAccess store = StoreAccess.readOnly(common.location())) {
            store.location(); // it opens: a store folder, or a database a store module reaches
        }
        List<String> args = new ArrayList<>(List.of(common.location(), "--port", Integer.toString(port)));
        if (bind != null) {
            args.add("--bind");
            args.add(bind);
        }
        // Serves until the JVM is stopped: the dashboard's shutdown hook closes the store.
        return UiMain.run(args.toArray(String[]::new), System.out, System.err, new CountDownLatch(1));
    }
}
