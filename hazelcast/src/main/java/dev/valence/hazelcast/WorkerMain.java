package dev.valence.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.valence.runtime.Stores;
import dev.valence.runtime.ValenceWorker;
import dev.valence.runtime.spi.store.ResultStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Valence worker: joins the cluster, runs the electron calls coordinators send on a local pool,
 * and writes their values to the shared store. Start it with the application's jars on the class
 * path (the electrons' code must be the coordinators'):
 *
 * <pre>
 * java -cp app.jar:libs/* dev.valence.hazelcast.WorkerMain --store jdbc:postgresql://db/valence \
 *     --port 5701 --join host1:5701,host2:5701 --threads 8
 * </pre>
 *
 * <p>Options: {@code --store LOCATION} (required; a folder of the embedded store or a URL a store
 * module accepts), {@code --port} (default 5701), {@code --join host:port[,host:port]} (the other
 * workers; default this worker alone), {@code --host} (the address to bind and announce), {@code
 * --threads} (default: the processors), {@code --cluster} (default {@code valence}), {@code --id}
 * (default {@code worker-<port>}).
 *
 * <p>Another launcher (the command line's {@code valence worker}) parses the same options with
 * {@link Options#parse}, may give the application's classes as a {@link Options#classLoader}
 * instead of the class path, and starts the worker with {@link #start(Options, ResultStore,
 * PrintStream)} on a store it opened, then {@link Worker#close()}s it when stopped.
 */
public final class WorkerMain {
    /** How many protocol calls a member serves at once: one long poll per coordinator, and batches. */
    private static final int CALL_THREADS = 32;

    private WorkerMain() {}

    /**
     * Starts a worker; it runs until the process is stopped.
     *
     * @param args the options above
     */
    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("valence worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        Worker worker = start(options, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "valence-worker-shutdown"));
    }

    /**
     * Starts a worker in this process, opening (or creating) the store {@code --store} names.
     *
     * @param options the parsed options
     * @param out where the worker says it joined
     * @return the running worker
     */
    public static Worker start(Options options, PrintStream out) {
        return start(options, Stores.open(options.store, options.classLoader), out);
    }

    /**
     * Starts a worker in this process on a store the caller opened: a launcher that must refuse a
     * mistyped folder rather than create an empty store opens it with {@link Stores#openExisting}.
     *
     * @param options the parsed options; their {@code --store} is not opened again
     * @param store the coordinators' store; the worker closes it, also when it fails to start
     * @param out where the worker says it joined
     * @return the running worker
     */
    public static Worker start(Options options, ResultStore store, PrintStream out) {
        ValenceWorker valence = ValenceWorker.builder()
                .store(store)
                .id(options.id)
                .classLoader(options.classLoader)
                .open();
        AtomicInteger count = new AtomicInteger();
        ClassLoader loader = options.classLoader;
        ExecutorService pool = Executors.newFixedThreadPool(options.threads, task -> {
            Thread thread = new Thread(task, "valence-task-" + count.incrementAndGet());
            thread.setDaemon(true);
            // Electrons' own code (and libraries they call) may look classes up through the context
            // loader; the pool's threads are made by Hazelcast's, whose context loader need not be this one.
            thread.setContextClassLoader(loader);
            return thread;
        });
        WorkerService service = new WorkerService(valence, pool, options.threads);
        Config config = ClusterConfigs.member(options.cluster, options.host, options.port, options.join);
        config.getMemberAttributeConfig()
                .setAttribute(HazelcastExecutor.WORKER_ATTRIBUTE, options.id)
                .setAttribute(HazelcastExecutor.THREADS_ATTRIBUTE, Integer.toString(options.threads));
        config.addExecutorConfig(new ExecutorConfig(HazelcastExecutor.SERVICE).setPoolSize(CALL_THREADS));
        config.getUserContext().put(WorkerService.KEY, service);
        // The worker's own shutdown hook (see main) leaves the cluster and then closes the store;
        // Hazelcast's hook would terminate the member at the same time, under the worker's close.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        HazelcastInstance instance;
        try {
            instance = Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        out.println("valence worker " + options.id + " joined cluster " + options.cluster + " on port " + options.port
                + " with " + options.threads + " threads");
        out.flush();
        return new Worker(instance, service);
    }

    /** A running worker: its member and its service. Close it to stop the worker. */
    public static final class Worker implements AutoCloseable {
        private final HazelcastInstance instance;
        private final WorkerService service;

        Worker(HazelcastInstance instance, WorkerService service) {
            this.instance = instance;
            this.service = service;
        }

        /** @return the worker's Hazelcast member */
        HazelcastInstance member() {
            return instance;
        }

        /** Leaves the cluster, then stops the pool and closes the store (also when leaving failed). */
        @Override
        public void close() {
            try {
                instance.shutdown();
            } finally {
                service.close();
            }
        }
    }

    /** The command line's options, parsed by {@link #parse}. */
    public static final class Options {
        String store;
        int port = 5701;
        List<String> join = new ArrayList<>();
        String host;
        int threads = Runtime.getRuntime().availableProcessors();
        String cluster = "valence";
        String id;
        ClassLoader classLoader = defaultClassLoader();

        private Options() {}

        private static ClassLoader defaultClassLoader() {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            return context != null ? context : WorkerMain.class.getClassLoader();
        }

        /**
         * Parses the options described on {@link WorkerMain}.
         *
         * @param args the command line
         * @return the options, with the defaults filled in
         * @throws IllegalArgumentException naming the option at fault, in one line
         */
        public static Options parse(String... args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value; usage: " + usage());
                }
                String value = args[++i];
                switch (option) {
                    case "--store" -> options.store = value;
                    case "--port" -> options.port = number(option, value, 1, 65535);
                    case "--join" -> options.join = addresses(option, value);
                    case "--host" -> options.host = value;
                    case "--threads" -> options.threads = number(option, value, 1, 4096);
                    case "--cluster" -> options.cluster = value;
                    case "--id" -> options.id = value;
                    default -> throw new IllegalArgumentException("unknown option " + option + "; usage: " + usage());
                }
            }
            if (options.store == null) {
                throw new IllegalArgumentException(
                        "--store is required (the coordinators' store: a folder or a URL);" + " usage: " + usage());
            }
            if (options.join.isEmpty()) {
                options.join = List.of((options.host == null ? "127.0.0.1" : options.host) + ":" + options.port);
            }
            if (options.id == null) {
                options.id = "worker-" + options.port;
            }
            return options;
        }

        /**
         * Loads the application's classes: the generated catalogs of its electrons and its values'
         * classes, and the store modules; also the context loader of the threads electrons run on.
         * For a launcher that holds the application's jars in a loader of its own rather than on the
         * class path (default: the context class loader of the thread that parsed the options).
         *
         * @param classLoader the loader, usually a child of the one that loaded this class
         * @return these options
         */
        public Options classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /** @return the worker's id, as node reasons name it ({@code worker-<port>} unless given) */
        public String id() {
            return id;
        }

        /** @return the store's location as given */
        public String store() {
            return store;
        }

        /**
         * Checks each {@code host:port} now: Hazelcast would take a malformed one as a host name and
         * look for it forever, and without a port it would try ports other than the ones given.
         */
        private static List<String> addresses(String option, String value) {
            List<String> addresses = Arrays.stream(value.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException(option + " needs host:port[,host:port], got '" + value + "'");
            }
            for (String address : addresses) {
                int colon = address.lastIndexOf(':');
                String host = colon < 0 ? "" : address.substring(0, colon);
                if (host.isEmpty() || (host.contains(":") && !(host.startsWith("[") && host.endsWith("]")))) {
                    throw new IllegalArgumentException(option + " needs host:port[,host:port] (an IPv6 address in"
                            + " brackets), got '" + address + "'");
                }
                number(option + " port in '" + address + "'", address.substring(colon + 1), 1, 65535);
            }
            return addresses;
        }

        private static int number(String option, String value, int min, int max) {
            try {
                int number = Integer.parseInt(value);
                if (number >= min && number <= max) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // Reported below with the range.
            }
            throw new IllegalArgumentException(
                    option + " must be a number from " + min + " to " + max + ", got " + value);
        }

        static String usage() {
            return "WorkerMain --store LOCATION [--port 5701] [--join host:port[,host:port]] [--host ADDRESS]"
                    + " [--threads N] [--cluster valence] [--id NAME]";
        }
    }
}
