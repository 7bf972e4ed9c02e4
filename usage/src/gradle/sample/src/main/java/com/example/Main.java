package com.example;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import java.nio.file.Path;

/**
 * Dispatches {@code sumOfSquares(3, 4)} on a store in the project's build folder and prints the
 * value and what happened to each electron: {@code COMPLETED} on the first run, {@code REUSED} on
 * the next ones.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // Gradle's run task starts the program in the project's directory.
        try (Valence valence = Valence.open(Path.of("build", "store"))) {
            DispatchResult<Integer> result = valence.dispatch(PipelineLattices.sumOfSquares(3, 4)).await();
            System.out.println("sumOfSquares(3, 4) = " + result.value());
            result.nodes().stream()
                    .filter(node -> node.electronId().isPresent())
                    .forEach(node -> System.out.println(node.name() + " " + node.status()));
        }
    }
}
