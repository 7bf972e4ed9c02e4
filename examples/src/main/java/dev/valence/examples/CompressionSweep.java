package dev.valence.examples;

import dev.valence.Electron;
import dev.valence.Lattice;
import dev.valence.runtime.command.Command;
import dev.valence.runtime.command.CommandResult;
import java.time.Duration;
import java.util.Locale;

/**
 * Commands as electrons: a parameter sweep of {@code gzip} compression levels over one large input
 * file. Each job is an ordinary electron that runs a shell script with small input files written
 * from strings and the large file passed by reference; a following electron reads the figure each
 * job printed on stdout, and a last one gathers the table.
 *
 * <p>Change one level and redispatch: only that job runs again, because each job's cache key is its
 * arguments (the level, and the input data by content) and the electron's code.
 */
public final class CompressionSweep {
    private CompressionSweep() {}

    /**
     * One job's figures.
     *
     * @param level the gzip level
     * @param inputBytes the size of the input file
     * @param compressedBytes the size of the compressed output file
     * @param ratio input over compressed size
     */
    public record Row(int level, long inputBytes, long compressedBytes, double ratio) {}

    /**
     * Makes the sweep's large input deterministically: the numbers 1 to {@code lines}, one a line,
     * as the command's stdout (a few MB, streamed to the store).
     *
     * @param lines how many lines
     * @return the command's result; its stdout is the data
     */
    @Electron
    public static CommandResult generate(int lines) {
        return Command.of("seq", "1", String.valueOf(lines)).run();
    }

    /**
     * One job of the sweep: compresses the data with gzip at a level. The level travels in a small
     * input file ({@code job.conf}), the script in another ({@code job.sh}), the data by reference.
     *
     * @param level the gzip level, 1 to 9
     * @param data the result whose stdout is the data
     * @return the job's result: its stdout reports the sizes, {@code data.txt.gz} is its output
     */
    @Electron(timeout = "PT5M")
    public static CommandResult compress(int level, CommandResult data) {
        return Command.of("sh", "job.sh")
                .inputText("job.conf", "level=" + level + "\n")
                .inputText(
                        "job.sh",
                        "set -eu\n"
                                + ". ./job.conf\n"
                                + "gzip -c -\"$level\" data.txt > data.txt.gz\n"
                                + "echo \"input_bytes=$(wc -c < data.txt)\"\n"
                                + "echo \"compressed_bytes=$(wc -c < data.txt.gz)\"\n")
                .inputFile("data.txt", data.stdoutPath())
                .env("LC_ALL", "C")
                .captureOutput("data.txt.gz")
                .successExitCodes(0)
                .timeout(Duration.ofMinutes(5))
                .run();
    }

    /**
     * Extracts a job's figures from its standard output, and checks them against its output file.
     *
     * @param level the job's level
     * @param job the job's result
     * @return the figures
     */
    @Electron
    public static Row measure(int level, CommandResult job) {
        long input = -1;
        long compressed = -1;
        for (String line : job.stdout().split("\n")) {
            String[] pair = line.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("input_bytes")) {
                input = Long.parseLong(pair[1].trim());
            } else if (pair.length == 2 && pair[0].equals("compressed_bytes")) {
                compressed = Long.parseLong(pair[1].trim());
            }
        }
        if (input < 0 || compressed != job.outputRef("data.txt.gz").size()) {
            throw new IllegalStateException("unexpected job output: " + job.stdout());
        }
        return new Row(level, input, compressed, (double) input / compressed);
    }

    /**
     * Gathers the jobs' figures into a table.
     *
     * @param a a row
     * @param b a row
     * @param c a row
     * @param d a row
     * @return the table, one line per level
     */
    @Electron
    public static String table(Row a, Row b, Row c, Row d) {
        StringBuilder table = new StringBuilder(
                String.format(Locale.ROOT, "%5s  %11s  %10s  %5s%n", "level", "input bytes", "gzip bytes", "ratio"));
        for (Row row : new Row[] {a, b, c, d}) {
            table.append(String.format(
                    Locale.ROOT,
                    "%5d  %11d  %10d  %5.2f%n",
                    row.level(),
                    row.inputBytes(),
                    row.compressedBytes(),
                    row.ratio()));
        }
        return table.toString();
    }

    /**
     * The sweep: one input file, four gzip jobs, a figure from each, one table.
     *
     * @param lines how many lines of input to generate
     * @param levelA a level
     * @param levelB a level
     * @param levelC a level
     * @param levelD a level
     * @return the table
     */
    @Lattice
    public static String sweep(int lines, int levelA, int levelB, int levelC, int levelD) {
        CommandResult data = generate(lines);
        CommandResult jobA = compress(levelA, data);
        CommandResult jobB = compress(levelB, data);
        CommandResult jobC = compress(levelC, data);
        CommandResult jobD = compress(levelD, data);
        Row a = measure(levelA, jobA);
        Row b = measure(levelB, jobB);
        Row c = measure(levelC, jobC);
        Row d = measure(levelD, jobD);
        return table(a, b, c, d);
    }
}
