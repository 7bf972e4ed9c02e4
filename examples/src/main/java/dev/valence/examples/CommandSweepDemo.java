package dev.valence.examples;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.util.List;

/**
 * Runs {@link CompressionSweep} twice on one store: levels 1, 3, 6, 9, then the same with 9 changed
 * to 8. The second dispatch reruns exactly one gzip job and reuses the other three.
 */
public final class CommandSweepDemo {
    /** Lines of generated input: about 2.7 MB. */
    public static final int LINES = 400_000;

    /**
     * One dispatch of the sweep.
     *
     * @param title what it swept
     * @param result its stored result
     */
    public record Sweep(String title, DispatchResult<String> result) {
        /** @return the gzip jobs' nodes ({@code compress[levelA]}, ... {@code compress[levelD]}) */
        public List<NodeResult> jobs() {
            // By the electron, not the name: names tell the calls apart by their arguments.
            return result.electronNodes().stream()
                    .filter(node -> node.electronId()
                            .filter(id -> id.endsWith("#compress"))
                            .isPresent())
                    .toList();
        }

        /**
         * @param status a status
         * @return how many jobs ended with it
         */
        public long jobsWith(NodeStatus status) {
            return jobs().stream().filter(node -> node.status() == status).count();
        }
    }

    private final Valence valence;

    /**
     * @param valence the instance to dispatch on
     */
    public CommandSweepDemo(Valence valence) {
        this.valence = valence;
    }

    /**
     * Runs both sweeps, one after the other.
     *
     * @return the two sweeps
     */
    public List<Sweep> run() {
        DispatchResult<String> first = valence.dispatch(CompressionSweepLattices.sweep(LINES, 1, 3, 6, 9))
                .await();
        DispatchResult<String> second = valence.dispatch(CompressionSweepLattices.sweep(LINES, 1, 3, 6, 8))
                .await();
        return List.of(new Sweep("levels 1, 3, 6, 9", first), new Sweep("levels 1, 3, 6, 8 (one changed)", second));
    }
}
