package dev.valence.hazelcast;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.Stores;
import dev.valence.runtime.Valence;
import java.time.Duration;
import java.util.List;

/**
 * A coordinator in a child JVM, for the test that kills one mid-dispatch. Arguments: store location,
 * runs folder, cluster name, a worker's address, groups, size, delay. Prints {@code DISPATCH <id>}
 * once the dispatch is recorded, then waits for it.
 */
public final class CoordinatorChild {
    /** Short, so that the test's second coordinator takes over the dead one's nodes quickly. */
    static final Duration LEASE_PERIOD = Duration.ofMillis(900);

    private CoordinatorChild() {}

    /**
     * @param args store, runs, cluster, address, groups, size, delay
     * @throws Exception when the dispatch fails to start
     */
    public static void main(String[] args) throws Exception {
        try (HazelcastExecutor cluster = HazelcastExecutor.connect(args[2], List.of(args[3]));
                Valence valence = Valence.builder()
                        .store(Stores.open(args[0]))
                        .leasePeriod(LEASE_PERIOD)
                        .defaultExecutor(cluster)
                        .open()) {
            Dispatch<Long> dispatch = valence.dispatch(ClusterGraphLattices.grid(
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]), args[1]));
            System.out.println("DISPATCH " + dispatch.id());
            System.out.flush();
            System.out.println("STATUS " + dispatch.await().status());
        }
    }
}
