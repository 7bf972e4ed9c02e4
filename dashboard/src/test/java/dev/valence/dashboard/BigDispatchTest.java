package dev.valence.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Valence;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How fast the API answers a 10,000-node dispatch (the target is 300 ms), read from the store and
 * kept in memory; the figures are printed.
 */
class BigDispatchTest {
    private static final int RUNS = 7;

    @TempDir
    Path folder;

    @Test
    void aTenThousandNodeDispatchAnswersQuickly() {
        try (Valence valence = Valence.open(folder);
                ValenceUi ui = ValenceUi.start(valence, 0)) {
            String id =
                    Workflows.finish(valence.dispatch(Workflows.wide(10_000))).id();
            Http http = new Http(ui);
            long[] read = new long[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long start = System.nanoTime();
                valence.result(id).orElseThrow().nodes().size();
                read[i] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(read);
            System.out.printf(
                    "[dashboard] reading the 10,000-node dispatch from the store (valence.result): median %d ms%n",
                    read[RUNS / 2]);
            // A new dashboard each time: its first answer reads the dispatch from the store.
            long[] first = new long[RUNS];
            for (int i = 0; i < RUNS; i++) {
                try (ValenceUi fresh = ValenceUi.start(valence, 0)) {
                    long start = System.nanoTime();
                    assertEquals(
                            200, new Http(fresh).get("/api/dispatches/" + id).status());
                    first[i] = (System.nanoTime() - start) / 1_000_000;
                }
            }
            Arrays.sort(first);
            long[] dispatch = time(http, "/api/dispatches/" + id);
            long[] node = time(http, "/api/dispatches/" + id + "/nodes/5000");
            long[] list = time(http, "/api/dispatches");
            Http.Answer answer = http.get("/api/dispatches/" + id);
            System.out.printf(
                    "[dashboard] 10,000-node dispatch over HTTP (median / worst of %d): first answer of a dashboard"
                            + " (read from the store) %d / %d ms; after a warm-up (kept in memory): dispatch with its"
                            + " nodes %d / %d ms (%d KB), one node %d / %d ms, list %d / %d ms%n",
                    RUNS,
                    first[RUNS / 2],
                    first[RUNS - 1],
                    dispatch[RUNS / 2],
                    dispatch[RUNS - 1],
                    answer.body().length() / 1024,
                    node[RUNS / 2],
                    node[RUNS - 1],
                    list[RUNS / 2],
                    list[RUNS - 1]);
            assertEquals(10_000, answer.json().get("nodes").get("count").asInt());
            // The target is 300 ms; the bound is loose because the build machines' cores are shared.
            assertTrue(first[RUNS / 2] < 1500, "median " + first[RUNS / 2] + " ms");
        }
    }

    /** @return the sorted times of RUNS requests, in milliseconds, after two untimed ones */
    private static long[] time(Http http, String path) {
        http.get(path);
        http.get(path);
        long[] times = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            Http.Answer answer = http.get(path);
            times[i] = (System.nanoTime() - start) / 1_000_000;
            assertEquals(200, answer.status(), answer.body());
        }
        Arrays.sort(times);
        return times;
    }
}
