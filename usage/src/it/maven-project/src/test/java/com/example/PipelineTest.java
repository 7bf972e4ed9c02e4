package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Valence;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {
    @TempDir
    Path store;

    @Test
    void theGeneratedGraphRunsAndASecondDispatchReusesEveryElectron() {
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Integer> first = valence.dispatch(PipelineLattices.sumOfSquares(3, 4)).await();
            assertEquals(25, first.value());
            DispatchResult<Integer> second = valence.dispatch(PipelineLattices.sumOfSquares(3, 4)).await();
            assertEquals(25, second.value());
            second.nodes().stream()
                    .filter(node -> node.electronId().isPresent())
                    .forEach(node -> assertEquals(NodeStatus.REUSED, node.status(), node.name()));
        }
    }
}
