package dev.valence.runtime.command;

import static dev.valence.runtime.command.Hand.LONG;
import static dev.valence.runtime.command.Hand.PATH;
import static dev.valence.runtime.command.Hand.RESULT;

import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.LatticeRef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/** The command tests' smallest pipeline: count a file's bytes with {@code wc -c}, then parse the count. */
final class ByteCount {
    /** How often the command ran. */
    final AtomicInteger runs = new AtomicInteger();

    /** count(file): {@code wc -c} over a file passed by reference, its count in stdout and in an output file. */
    final ElectronRef<CommandResult> count = Hand.<CommandResult>electron("count", RESULT, PATH)
            .build(args -> {
                runs.incrementAndGet();
                return Command.of("sh", "-c", "wc -c < input.bin | tr -d ' ' | tee count.txt")
                        .inputFile("input.bin", (Path) args[0])
                        .captureOutput("count.txt")
                        .run();
            });

    /** parse(result): reads the number a command printed. */
    final ElectronRef<Long> parse = Hand.<Long>electron("parse", LONG, RESULT)
            .build(args -> Long.parseLong(((CommandResult) args[0]).stdout().trim()));

    /** countFile(file): parse(count(file)). */
    final LatticeRef<Long> countFile =
            Hand.lattice("countFile", LONG, (graph, in) -> graph.call(parse, graph.call(count, in.get(0))), PATH);

    /** @return the SHA-256 of a text's UTF-8 bytes, as blobs are named */
    static String sha(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
