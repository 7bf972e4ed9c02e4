package dev.valence.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeKind;
import dev.valence.runtime.NodeResult;
import java.io.IOException;

/**
 * How many electron nodes of a dispatch ran, were reused, failed or are running.
 *
 * @param electrons electron and sublattice nodes in all
 * @param computed completed by running
 * @param reused taken from an earlier run
 * @param failed failed
 * @param running running now
 */
record Counts(int electrons, int computed, int reused, int failed, int running) {
    static Counts of(DispatchResult<?> result) {
        int electrons = 0;
        int computed = 0;
        int reused = 0;
        int failed = 0;
        int running = 0;
        for (NodeResult node : result.nodes()) {
            if (node.kind() != NodeKind.ELECTRON && node.kind() != NodeKind.SUBLATTICE) {
                continue; // inputs, constants and collections are not work
            }
            electrons++;
            switch (node.status()) {
                case COMPLETED -> computed++;
                case REUSED -> reused++;
                case FAILED -> failed++;
                case RUNNING -> running++;
                default -> {}
            }
        }
        return new Counts(electrons, computed, reused, failed, running);
    }

    /** Writes the counts as fields of the JSON object being written: the list, a dispatch and its live feed share them. */
    void writeFields(JsonGenerator json) throws IOException {
        json.writeNumberField("electrons", electrons);
        json.writeNumberField("computed", computed);
        json.writeNumberField("reused", reused);
        json.writeNumberField("failed", failed);
        json.writeNumberField("running", running);
    }
}
