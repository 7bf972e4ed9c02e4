package dev.valence.runtime.command;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/**
 * Run by {@link LargeOutputTest} in a child JVM with a small heap: an electron whose command writes
 * {@code args[1]} bytes to stdout, dispatched on the store in {@code args[0]}; then the stdout is
 * streamed back. Prints {@code RESULT <dispatch id> <size> <bytes streamed> <peak heap bytes> <max heap bytes>}.
 */
public final class LargeOutputChild {
    private LargeOutputChild() {}

    /**
     * @param args the store folder and the number of bytes
     * @throws Exception when anything fails (the child exits non-zero with the trace)
     */
    public static void main(String[] args) throws Exception {
        Path folder = Path.of(args[0]);
        String bytes = args[1];
        ElectronRef<CommandResult> zeros = Hand.<CommandResult>electron("zeros", Hand.RESULT, Hand.STRING)
                .build(in -> Command.of("head", "-c", (String) in[0], "/dev/zero")
                        .workIn(folder.resolve("work"))
                        .run());
        LatticeRef<CommandResult> lattice =
                Hand.lattice("large", Hand.RESULT, (graph, in) -> graph.call(zeros, in.get(0)), Hand.STRING);
        try (Valence valence = Valence.open(folder)) {
            DispatchResult<CommandResult> result = Hand.finish(valence.dispatch(lattice.workflow(bytes)));
            CommandResult value = result.value();
            long streamed = 0;
            try (InputStream in = value.stdoutStream()) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    streamed += n;
                }
            }
            String guard;
            try {
                value.stdout();
                guard = "read";
            } catch (IllegalStateException e) {
                guard = "refused";
            }
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("RESULT " + result.id() + " " + value.stdoutRef().size() + " " + streamed + " " + peak
                    + " " + Runtime.getRuntime().maxMemory() + " " + guard);
        }
    }
}
