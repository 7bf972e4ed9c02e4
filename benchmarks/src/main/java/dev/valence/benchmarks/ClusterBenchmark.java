package dev.valence.benchmarks;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import dev.valence.hazelcast.HazelcastExecutor;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Reuse;
import dev.valence.runtime.Valence;
import dev.valence.runtime.ValenceBuilder;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * No-op electrons across three worker JVMs on loopback ({@code WorkerMain}, 2 threads each, one
 * shared store: the embedded one in a folder, or PostgreSQL, {@code -p store=...}): a 10,000-node fan-out and a 1,000-node chain dispatched through
 * {@link HazelcastExecutor}, beside Hazelcast's bare executor service submitting the same number of
 * no-op tasks to the same members (all at once for the fan-out, one after another for the chain),
 * the floor of any executor on it. Every dispatch has a new root, so nothing is reused.
 *
 * <p>Milliseconds per graph (single shot).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class ClusterBenchmark {
    /** Nodes of the fan-out. */
    static final int FANOUT = 10_000;
    /** Nodes of the chain. */
    static final int CHAIN = 1_000;

    /** Three workers, a coordinator on their store, and a bare client of their cluster. */
    @State(Scope.Benchmark)
    public static class Cluster {
        /** The graph. */
        @Param({"fanout", "chain"})
        public String shape;

        /**
         * The store every process shares: the embedded one in a folder, or a PostgreSQL schema of
         * the trial's own on the server in {@code VALENCE_BENCH_POSTGRES_URL} (or {@code
         * VALENCE_TEST_POSTGRES_URL}), dropped afterwards.
         */
        @Param({"sqlite", "postgres"})
        public String store;

        /** The coordinator's pool ({@code Valence.builder().threads}); 0 for the default, one per core. */
        @Param({"0"})
        public int threads;

        private String location;
        private String server;
        private String schema;

        private final List<Process> workers = new ArrayList<>();
        private final AtomicInteger roots = new AtomicInteger();
        private Path folder;
        private HazelcastExecutor executor;
        private Valence valence;
        private HazelcastInstance bare;
        private IExecutorService service;
        private List<Member> members;

        /** Starts the workers and connects to them. */
        @Setup(Level.Trial)
        public void start() throws Exception {
            openStore();
            String cluster = "valence-bench-" + UUID.randomUUID();
            int first = freePort();
            workers.add(worker(cluster, first, first));
            Thread.sleep(3000);
            workers.add(worker(cluster, freePort(), first));
            workers.add(worker(cluster, freePort(), first));
            executor = HazelcastExecutor.connect(cluster, List.of("127.0.0.1:" + first));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (executor.workers().size() < 3) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("workers did not join: " + executor.workers());
                }
                Thread.sleep(50);
            }
            ValenceBuilder builder = Valence.builder()
                    .store(dev.valence.runtime.Stores.open(location))
                    .defaultExecutor(executor);
            if (threads > 0) {
                builder.threads(threads);
            }
            valence = builder.open();
            ClientConfig config = new ClientConfig();
            config.setClusterName(cluster);
            config.getNetworkConfig().addAddress("127.0.0.1:" + first);
            config.setProperty("hazelcast.logging.type", "slf4j");
            bare = HazelcastClient.newHazelcastClient(config);
            service = bare.getExecutorService(HazelcastExecutor.SERVICE);
            members = List.copyOf(bare.getCluster().getMembers());
        }

        private Process worker(String cluster, int port, int join) throws IOException {
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new ProcessBuilder(
                            java,
                            "-Xmx512m",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "dev.valence.hazelcast.WorkerMain",
                            "--store",
                            location,
                            "--port",
                            Integer.toString(port),
                            "--host",
                            "127.0.0.1",
                            "--join",
                            "127.0.0.1:" + join,
                            "--threads",
                            "2",
                            "--cluster",
                            cluster)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        }

        /** Stops everything and removes the store. */
        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            valence.close();
            executor.close();
            bare.shutdown();
            for (Process worker : workers) {
                worker.destroyForcibly();
                worker.waitFor(30, TimeUnit.SECONDS);
            }
            if (folder != null) {
                Stores.delete(folder);
            }
            if (schema != null) {
                try (Connection connection = DriverManager.getConnection(server);
                        Statement statement = connection.createStatement()) {
                    statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                } catch (SQLException e) {
                    throw new IllegalStateException("could not drop the benchmark's schema " + schema, e);
                }
            }
        }

        private void openStore() {
            if (store.equals("sqlite")) {
                folder = Stores.newFolder();
                location = folder.toString();
                return;
            }
            server = System.getenv("VALENCE_BENCH_POSTGRES_URL");
            if (server == null || server.isBlank()) {
                server = System.getenv("VALENCE_TEST_POSTGRES_URL");
            }
            if (server == null || server.isBlank()) {
                throw new IllegalStateException("store=postgres needs a server: set VALENCE_BENCH_POSTGRES_URL to a"
                        + " JDBC URL with user and password (jdbc:postgresql://host:5432/db?user=u&password=p),"
                        + " or run with -p store=sqlite");
            }
            schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            location = server + (server.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        }
    }

    /** A no-op task for the bare executor service. */
    static final class NoOp implements Callable<Integer>, Serializable {
        private static final long serialVersionUID = 1L;
        private final int x;

        NoOp(int x) {
            this.x = x;
        }

        @Override
        public Integer call() {
            return x + 1;
        }
    }

    /**
     * @param cluster the cluster
     * @return the graph's value
     */
    @Benchmark
    public int valence(Cluster cluster) {
        int root = cluster.roots.incrementAndGet() * 1_000_000;
        boolean fan = cluster.shape.equals("fanout");
        DispatchResult<Integer> result = cluster.valence
                .dispatch(
                        fan ? ClusterGraphsLattices.fanOut(root, FANOUT) : ClusterGraphsLattices.chain(root, CHAIN),
                        Reuse.NONE)
                .await();
        return result.value();
    }

    /**
     * @param cluster the cluster
     * @return the tasks' values, summed
     * @throws Exception when a task fails
     */
    @Benchmark
    public int bareExecutorService(Cluster cluster) throws Exception {
        int root = cluster.roots.incrementAndGet() * 1_000_000;
        List<Member> members = cluster.members;
        if (cluster.shape.equals("fanout")) {
            List<Future<Integer>> futures = new ArrayList<>(FANOUT);
            for (int i = 0; i < FANOUT; i++) {
                futures.add(cluster.service.submitToMember(new NoOp(root), members.get(i % members.size())));
            }
            int sum = 0;
            for (Future<Integer> future : futures) {
                sum += future.get();
            }
            return sum;
        }
        int x = root;
        for (int i = 0; i < CHAIN; i++) {
            x = cluster.service
                    .submitToMember(new NoOp(x), members.get(i % members.size()))
                    .get();
        }
        return x;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
