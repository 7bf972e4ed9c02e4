package dev.valence.runtime.command;

import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.api.Fixtures;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.time.Duration;

/**
 * Hand-made electrons and lattices for the command tests, built through the public API exactly as
 * generated code builds them.
 */
final class Hand {
    static final String RESULT = CommandResult.class.getName();
    static final String PATH = "java.nio.file.Path";
    static final String INT = "java.lang.Integer";
    static final String LONG = "java.lang.Long";
    static final String STRING = "java.lang.String";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Hand() {}

    static <R> ElectronRef.Builder<R> electron(String name, String returns, String... parameterTypes) {
        ElectronRef.Builder<R> builder = ElectronRef.<R>builder("dev.valence.runtime.command.Hand#" + name)
                .returns(returns);
        for (int i = 0; i < parameterTypes.length; i++) {
            builder.parameter("a" + i, parameterTypes[i]);
        }
        return builder;
    }

    static <R> LatticeRef<R> lattice(String name, String returnType, Fixtures.Body<R> body, String... parameterTypes) {
        return Fixtures.lattice(name, returnType, body, parameterTypes);
    }

    static <R> DispatchResult<R> finish(Dispatch<R> dispatch) {
        return Fixtures.finish(dispatch, PATIENCE);
    }
}
