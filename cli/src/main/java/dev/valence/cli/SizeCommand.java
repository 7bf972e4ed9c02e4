package dev.valence.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code valence size}: the bytes the store occupies on disk. */
@Command(
        name = "size",
        mixinStandardHelpOptions = true,
        description = "Prints the bytes the store occupies on disk: database, write-ahead log and blobs.")
public final class SizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    /** Made by picocli. */
    public SizeCommand() {}

    @Override
    public Integer call() {
        try (StoreAccess store = StoreAccess.readOnly(common.location())) {
            long bytes = store.valence().storeSize();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Map<String, Object> document = Json.object();
                document.put("store", store.location().toString());
                document.put("bytes", bytes);
                Json.print(out, document);
            } else {
                out.println(Text.bytes(bytes) + " (" + bytes + " bytes) in " + store.location());
                out.flush();
            }
            return ExitCodes.OK;
        }
    }
}
