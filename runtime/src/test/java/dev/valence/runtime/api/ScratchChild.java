package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;

import dev.valence.runtime.Valence;
import dev.valence.runtime.command.Command;
import dev.valence.runtime.command.CommandResult;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.file.Path;

/**
 * A process that {@link ScratchSpaceTest} kills: it dispatches a command that writes its working
 * folder to a marker file and then sleeps, and waits for the dispatch, which never ends.
 *
 * <p>Arguments: the store folder, the marker file.
 */
public final class ScratchChild {
    private ScratchChild() {}

    /**
     * @param args the store folder, the marker file
     */
    public static void main(String[] args) {
        Path marker = Path.of(args[1]);
        ElectronRef<CommandResult> sleepy = Fixtures.<CommandResult>electron("sleepy")
                .parameter("x", INT)
                .returns(CommandResult.class.getName())
                .build(in -> Command.of("sh", "-c", "pwd > '" + marker + "'; sleep 60")
                        .run());
        LatticeRef<CommandResult> lattice = Fixtures.lattice(
                "sleepy", CommandResult.class.getName(), (graph, in) -> graph.call(sleepy, in.get(0)), INT);
        try (Valence valence = Valence.open(Path.of(args[0]))) {
            valence.dispatch(lattice.workflow(1)).await();
        }
    }
}
