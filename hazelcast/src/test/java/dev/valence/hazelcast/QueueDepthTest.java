package dev.valence.hazelcast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.spi.execution.TaskResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The per-thread depth of a worker's queue follows the tasks' run times, within its bounds. */
class QueueDepthTest {
    private static TaskResult took(long millis) {
        Instant start = Instant.parse("2026-12-03T10:00:00Z");
        return new TaskResult(
                "t",
                TaskResult.Outcome.COMPUTED,
                "f",
                "w",
                1,
                start,
                start.plusMillis(millis),
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void startsAtFourThenDeepensForShortTasksAndStaysShallowForLongOnes() {
        QueueDepth depth = new QueueDepth();
        assertEquals(QueueDepth.FIRST, depth.perThread(), "before any answer");
        depth.finished(took(0));
        assertEquals(QueueDepth.DEEP, depth.perThread(), "no-op tasks: as deep as allowed");

        QueueDepth medium = new QueueDepth();
        medium.finished(took(10));
        assertEquals(5, medium.perThread(), "50 ms of 10 ms tasks");

        QueueDepth slow = new QueueDepth();
        slow.finished(took(2_000));
        assertEquals(QueueDepth.SHALLOW, slow.perThread(), "long tasks: never fewer than two");
        for (int i = 0; i < 200; i++) {
            slow.finished(took(1));
        }
        assertEquals(QueueDepth.DEEP, slow.perThread(), "the mean follows tasks that became short");
    }

    @Test
    void anAnswerWithoutTimesLeavesTheDepthAlone() {
        QueueDepth depth = new QueueDepth();
        depth.finished(new TaskResult(
                "t", TaskResult.Outcome.FAILED, null, "w", 0, null, null, null, null, "E", "lost", null));
        assertEquals(QueueDepth.FIRST, depth.perThread());
    }
}
