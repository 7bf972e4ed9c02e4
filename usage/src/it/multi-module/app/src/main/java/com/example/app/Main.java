package com.example.app;

import com.example.lib.Scale;
import dev.valence.Electron;
import dev.valence.Lattice;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.Valence;
import java.nio.file.Path;

/**
 * Dispatches {@code run(5)} on the store beside the project and checks what happened to its one
 * electron against the expectation given as system properties: {@code expect.status} ({@code
 * computed} or {@code reused}) and {@code expect.value}. A mismatch fails the build.
 */
public final class Main {
    private Main() {}

    @Electron
    static int scaled(int x) {
        return Scale.apply(x);
    }

    @Lattice
    static int run(int x) {
        return scaled(x);
    }

    public static void main(String[] args) {
        // exec:java runs in the build's own directory: the store lands in the project's target folder.
        Path store = Path.of(System.getProperty("store", "target/store"));
        String expectedStatus = System.getProperty("expect.status");
        int expectedValue = Integer.parseInt(System.getProperty("expect.value"));
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Integer> result = valence.dispatch(MainLattices.run(5)).await();
            NodeResult node = result.node("scaled");
            String status = node.wasReused() ? "reused" : "computed";
            System.out.println("scaled(5) = " + result.value() + ", " + status + ": " + node.reason().orElse(""));
            if (!status.equals(expectedStatus) || result.value() != expectedValue) {
                throw new IllegalStateException("expected scaled(5) = " + expectedValue + ", " + expectedStatus
                        + "; got " + result.value() + ", " + status);
            }
        }
    }
}
