package dev.valence.cli;

import dev.valence.runtime.OutputCapture;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code valence vacuum}: gives the space of deleted records back to the file system. */
@Command(
        name = "vacuum",
        mixinStandardHelpOptions = true,
        description = "Rewrites the database to give the space of deleted records back (after delete and prune).")
public final class VacuumCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    /** Made by picocli. */
    public VacuumCommand() {}

    @Override
    public Integer call() {
        try (StoreAccess store =
                StoreAccess.writable(common.location(), ClasspathOption.class.getClassLoader(), OutputCapture.OFF)) {
            long before = store.valence().storeSize();
            store.valence().vacuum();
            long after = store.valence().storeSize();
            PrintWriter out = spec.commandLine().getOut();
            out.println("vacuumed " + store.location() + ": " + Text.bytes(before) + " -> " + Text.bytes(after));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
