package dev.valence.cli;

import dev.valence.hazelcast.WorkerMain;
import dev.valence.runtime.spi.store.ResultStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code valence worker --store LOCATION --classpath APP_JARS [--join host:port,...]}: runs a
 * cluster worker ({@link WorkerMain}) in this process until it is stopped, loading the electrons
 * and their generated catalogs from {@code --classpath}. The options are {@code WorkerMain}'s, so
 * the two launchers take the same command line; this one refuses bad input with the command line's
 * exit codes and never creates a store.
 */
@Command(
        name = "worker",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a cluster worker: joins the other workers, runs the electron calls coordinators send (a"
                    + " HazelcastExecutor), and writes their values to the shared store, until stopped (Ctrl-C).",
            "The electrons' classes (their generated catalogs) must be on --classpath, the same build as the"
                    + " coordinators'."
        })
public final class WorkerCommand implements Callable<Integer> {
    /** Its own option, not {@link CommonOptions}': a worker on the default folder would serve nobody. */
    @Option(
            names = "--store",
            required = true,
            paramLabel = "DIR|URL",
            description =
                    "the coordinators' store: its folder, or a URL such as jdbc:postgresql://host:5432/db?user=...")
    String store;

    /** Read by {@link Main} from the arguments; declared so that picocli accepts it. */
    @Option(names = "--debug", description = "print the stack trace of a failure")
    boolean debug;

    @Mixin
    ClasspathOption classpath;

    @Option(names = "--port", paramLabel = "N", description = "the port to listen on (default 5701)")
    String port;

    @Option(
            names = "--join",
            paramLabel = "HOST:PORT[,HOST:PORT]",
            description = "the workers to join (default: this worker alone)")
    String join;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "the address to bind and announce")
    String host;

    @Option(names = "--threads", paramLabel = "N", description = "electrons run at once (default: the processors)")
    String threads;

    @Option(names = "--cluster", paramLabel = "NAME", description = "the cluster's name (default valence)")
    String cluster;

    @Option(
            names = "--id",
            paramLabel = "NAME",
            description = "the worker's name in node reasons (default worker-PORT)")
    String id;

    /** Made by picocli. */
    public WorkerCommand() {}

    /**
     * WorkerMain's parser checks the values and fills in the defaults, so both launchers agree;
     * picocli has already refused unknown options and a missing {@code --store}.
     */
    private WorkerMain.Options options() {
        List<String> args = new ArrayList<>(List.of("--store", store));
        add(args, "--port", port);
        add(args, "--join", join);
        add(args, "--host", host);
        add(args, "--threads", threads);
        add(args, "--cluster", cluster);
        add(args, "--id", id);
        try {
            return WorkerMain.Options.parse(args.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw CliException.of(ExitCodes.USAGE, e.getMessage() + "; see 'valence worker --help'", e);
        }
    }

    private static void add(List<String> args, String option, String value) {
        if (value != null) {
            args.add(option);
            args.add(value);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        WorkerMain.Options options = options();
        ClassLoader loader = classpath.loader();
        options.classLoader(loader);
        // Hazelcast's threads inherit the context loader of the thread that starts the member.
        Thread.currentThread().setContextClassLoader(loader);
        ResultStore opened = StoreAccess.existing(store);
        WorkerMain.Worker worker;
        try {
            worker = WorkerMain.start(options, opened, System.out);
        } catch (RuntimeException e) {
            throw CliException.of(
                    ExitCodes.FAILED,
                    "worker " + options.id() + " could not start: " + Main.oneLine(e.getMessage())
                            + "; check that --port is free on --host and that --join names this cluster's workers",
                    e);
        }
        awaitStop(worker);
        return ExitCodes.OK;
    }

    /**
     * Serves until the JVM is stopped (SIGTERM, Ctrl-C): the hook leaves the cluster and closes the
     * store. This thread waits rather than returning, because {@link Main} exits when it returns.
     */
    private static void awaitStop(WorkerMain.Worker worker) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                worker.close();
                            } finally {
                                closed.countDown();
                            }
                        },
                        "valence-worker-close"));
        closed.await();
    }
}
