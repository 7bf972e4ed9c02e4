package dev.valence.examples;

import dev.valence.hazelcast.HazelcastExecutor;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.Stores;
import dev.valence.runtime.Valence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link ParameterSweep} on a cluster: the same lattices, dispatched from this process, with
 * every simulation run on a worker. Start workers first (same class path, same store):
 *
 * <pre>
 * java -cp CLASSPATH dev.valence.hazelcast.WorkerMain --store .valence-cluster --port 5701
 * java -cp CLASSPATH dev.valence.hazelcast.WorkerMain --store .valence-cluster --port 5702 --join 127.0.0.1:5701
 * java -cp CLASSPATH dev.valence.examples.ClusterSweep .valence-cluster 127.0.0.1:5701 25
 * </pre>
 */
public final class ClusterSweep {
    private ClusterSweep() {}

    /**
     * @param args the store location, the workers' addresses ({@code host:port[,host:port]}), and
     *     the number of points of the coarse grid (default 25)
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ClusterSweep STORE HOST:PORT[,HOST:PORT] [POINTS]");
            System.exit(2);
        }
        int points = args.length > 2 ? Integer.parseInt(args[2]) : 25;
        SweepSummary summary = run(args[0], "valence", Arrays.asList(args[1].split(",")), points);
        System.out.println("best x = " + summary.best() + "; simulations per worker: " + summary.perWorker()
                + ", reused: " + summary.reused());
    }

    /**
     * What a cluster sweep found, and where its simulations ran.
     *
     * @param best the best parameter
     * @param perWorker how many simulations each worker computed
     * @param reused how many simulations reused a stored result (the second round's center is the
     *     first round's best point)
     * @param here how many simulations this process computed itself (none, on a cluster)
     */
    public record SweepSummary(double best, Map<String, Integer> perWorker, int reused, int here) {}

    /**
     * Dispatches the sweep from 0 to 8 on the workers of a cluster.
     *
     * @param store the shared store's location (a folder, or a URL a store module accepts)
     * @param cluster the cluster's name
     * @param addresses workers' addresses
     * @param points the coarse grid's points
     * @return the best parameter and the simulations per worker
     */
    public static SweepSummary run(String store, String cluster, List<String> addresses, int points) {
        try (HazelcastExecutor workers = HazelcastExecutor.connect(cluster, addresses);
                Valence valence = Valence.builder()
                        .store(Stores.open(store))
                        .defaultExecutor(workers)
                        .open()) {
            DispatchResult<Double> result =
                    valence.dispatch(ParameterSweepLattices.sweep(0, 8, points)).await();
            Map<String, Integer> perWorker = new TreeMap<>();
            List<NodeResult> simulations = new ArrayList<>(result.electronNodes());
            simulations.addAll(result.sublattice("refine").electronNodes());
            // By the electron, not the name: calls are named by their arguments (simulate[2.0]).
            simulations.removeIf(node ->
                    node.electronId().filter(id -> id.endsWith("#simulate")).isEmpty());
            int reused = 0;
            int here = 0;
            for (NodeResult node : simulations) {
                String reason = node.reason().orElse("");
                int on = reason.lastIndexOf("(on worker ");
                if (node.wasReused()) {
                    reused++;
                } else if (on >= 0) {
                    perWorker.merge(
                            reason.substring(on + "(on worker ".length(), reason.length() - 1), 1, Integer::sum);
                } else {
                    here++;
                }
            }
            return new SweepSummary(result.value(), perWorker, reused, here);
        }
    }
}
