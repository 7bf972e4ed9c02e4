package dev.valence.runtime;

import java.time.Instant;
import java.util.Optional;

/**
 * Where one node of a running dispatch stands right now, as {@link Dispatch#nodes()} sees it in
 * the process that runs it. Other processes read the same through {@link Valence#result(String)},
 * within about a second.
 *
 * @param index the node's index in its graph
 * @param name the node's name
 * @param kind what the node is
 * @param status its status: {@link NodeStatus#RUNNING} from its first attempt's start
 * @param startedAt when its first attempt started, or null before
 * @param endedAt when it ended, or null before
 * @param attempts the attempts started so far
 */
public record NodeSnapshot(
        int index, String name, NodeKind kind, NodeStatus status, Instant startedAt, Instant endedAt, int attempts) {

    /** @return when the node's first attempt started, if it did */
    public Optional<Instant> startTime() {
        return Optional.ofNullable(startedAt);
    }

    /** @return when the node ended, if it did */
    public Optional<Instant> endTime() {
        return Optional.ofNullable(endedAt);
    }
}
