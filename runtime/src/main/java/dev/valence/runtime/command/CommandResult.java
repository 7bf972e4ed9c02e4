package dev.valence.runtime.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * What a {@link Command} produced: its exit code, its stdout and stderr, and its declared output
 * files, each as a content-addressed {@link BlobRef} (SHA-256 and size), never as bytes inline.
 * Return it from an electron: Valence moves the files into the store's blob area ({@code
 * <store>/blobs/}) when it stores the node's result, and the result stays readable from any later
 * process that loads it, for example {@code
 * dispatchResult.node("compress").value(CommandResult.class).stdout()}.
 *
 * <p>Small outputs are read into memory with {@link #stdout()}, {@link #outputText(String)} or
 * {@link #outputFile(String)} (refused above {@link #IN_MEMORY_LIMIT} bytes); any size is streamed
 * with {@link #stdoutStream()} and {@link #openOutputFile(String)}, copied out with {@link
 * #saveOutputFile(String, Path)} and {@link #saveOutputs(Path)}, or given to the next command as a
 * file with {@link #outputPath(String)}.
 *
 * <p>Its fingerprint, and {@link #equals}, cover the exit code and the content of stdout, stderr
 * and every output file, not the {@link #duration()}: a rerun that produces the same bytes leaves
 * the electrons downstream reusable. Results with equal content share one stored value, so a
 * result read back from the store reports the duration of the first run that produced that
 * content.
 *
 * <p>A result that Valence has not stored (an electron called as plain Java) keeps its files in a
 * temporary folder, deleted when the result is no longer reachable. Thread-safe.
 */
public final class CommandResult {

    /** The most bytes read into memory at once by {@link #stdout()}, {@link #outputFile(String)} and the like: 64 MiB. */
    public static final long IN_MEMORY_LIMIT = 64L << 20;

    // The Jackson-visible fields are what the fingerprint covers (content only).
    @JsonProperty("exitCode")
    private final int exitCode;

    @JsonProperty("stdout")
    private final BlobRef stdout;

    @JsonProperty("stderr")
    private final BlobRef stderr;

    @JsonProperty("outputs")
    private final SortedMap<String, BlobRef> outputs;

    // Transient: not content. Valence refuses a bean with a non-transient field that no property
    // holds, since its fingerprint would miss it; these two are left out on purpose (early cutoff).
    private final transient Duration duration;

    /** Where the bytes are: a temporary folder until stored, then a blob store. */
    private transient ResultLocation location;

    private CommandResult(
            int exitCode,
            Duration duration,
            BlobRef stdout,
            BlobRef stderr,
            Map<String, BlobRef> outputs,
            ResultLocation location) {
        this.exitCode = exitCode;
        this.duration = Objects.requireNonNull(duration, "duration");
        this.stdout = Objects.requireNonNull(stdout, "stdout");
        this.stderr = Objects.requireNonNull(stderr, "stderr");
        TreeMap<String, BlobRef> copy = new TreeMap<>();
        outputs.forEach((name, ref) ->
                copy.put(FileTree.requireRelative(name, "output"), Objects.requireNonNull(ref, "output " + name)));
        this.outputs = Collections.unmodifiableSortedMap(copy);
        this.location = location;
    }

    /**
     * A result whose files are already in a blob store: how codecs read a stored result back.
     *
     * @param exitCode the program's exit code
     * @param duration how long the program ran
     * @param stdout its standard output
     * @param stderr its standard error
     * @param outputs its output files by name (a path relative to the working folder, with {@code /})
     * @param blobs the store holding every referenced blob
     * @return the result
     */
    public static CommandResult stored(
            int exitCode,
            Duration duration,
            BlobRef stdout,
            BlobRef stderr,
            Map<String, BlobRef> outputs,
            BlobStore blobs) {
        StoredLocation location = new StoredLocation(Objects.requireNonNull(blobs, "blobs"));
        return new CommandResult(exitCode, duration, stdout, stderr, outputs, location);
    }

    /** A freshly run command's result, its files in {@code folder} named by their hashes. */
    static CommandResult pending(
            int exitCode,
            Duration duration,
            BlobRef stdout,
            BlobRef stderr,
            Map<String, BlobRef> outputs,
            Path folder) {
        PendingLocation pending = new PendingLocation(folder);
        CommandResult result = new CommandResult(exitCode, duration, stdout, stderr, outputs, pending);
        pending.deleteWhenUnreachable(result);
        return result;
    }

    /**
     * Moves this result's files into a blob store and reads them from there from now on. Valence
     * calls it when it stores the result; calling it again with the same store does nothing.
     *
     * @param blobs the store
     * @return this result
     * @throws dev.valence.runtime.spi.store.StoreException when a file cannot be stored
     * @throws IllegalStateException when a file changed after the command ended
     */
    public synchronized CommandResult storeIn(BlobStore blobs) {
        Objects.requireNonNull(blobs, "blobs");
        ResultLocation current = location;
        if (current.isIn(blobs)) {
            return this;
        }
        ResultFiles.copyAll(current, blobs, refs());
        location = new StoredLocation(blobs);
        current.release();
        return this;
    }

    /** @return the program's exit code (one of the command's success codes) */
    public int exitCode() {
        return exitCode;
    }

    /** @return how long the program ran (not part of the fingerprint; see the class comment) */
    public Duration duration() {
        return duration;
    }

    /** @return the reference to the program's standard output */
    public BlobRef stdoutRef() {
        return stdout;
    }

    /** @return the reference to the program's standard error */
    public BlobRef stderrRef() {
        return stderr;
    }

    /** @return the output files by name, in name order */
    public SortedMap<String, BlobRef> outputs() {
        return outputs;
    }

    /** @return the output files' names: paths relative to the working folder, with {@code /} */
    public SortedSet<String> outputNames() {
        return Collections.unmodifiableSortedSet(new java.util.TreeSet<>(outputs.keySet()));
    }

    /**
     * @param name an output's name
     * @return whether the command produced it
     */
    public boolean hasOutput(String name) {
        return outputs.containsKey(name);
    }

    /**
     * @param name an output's name
     * @return its reference
     * @throws IllegalArgumentException when there is no such output
     */
    public BlobRef outputRef(String name) {
        BlobRef ref = outputs.get(name);
        if (ref == null) {
            throw new IllegalArgumentException(
                    "the command has no output file '" + name + "'; its outputs are " + outputs.keySet());
        }
        return ref;
    }

    /**
     * @return the standard output as UTF-8 text
     * @throws IllegalStateException when it is larger than {@link #IN_MEMORY_LIMIT}
     */
    public String stdout() {
        return new String(stdoutBytes(), StandardCharsets.UTF_8);
    }

    /**
     * @return the standard output's bytes
     * @throws IllegalStateException when it is larger than {@link #IN_MEMORY_LIMIT}
     */
    public byte[] stdoutBytes() {
        return ResultFiles.read(location(), stdout, "stdout", "stdoutStream()");
    }

    /** @return a stream over the standard output, to be closed by the caller; for any size */
    public InputStream stdoutStream() {
        return ResultFiles.open(location(), stdout);
    }

    /**
     * @return the standard output as a file ({@code stdout.txt}), to pass to the next command; see
     *     {@link #outputPath(String)}
     */
    public Path stdoutPath() {
        return location().materialize(stdout, "stdout.txt");
    }

    /**
     * @return the standard error as UTF-8 text
     * @throws IllegalStateException when it is larger than {@link #IN_MEMORY_LIMIT}
     */
    public String stderr() {
        return new String(stderrBytes(), StandardCharsets.UTF_8);
    }

    /**
     * @return the standard error's bytes
     * @throws IllegalStateException when it is larger than {@link #IN_MEMORY_LIMIT}
     */
    public byte[] stderrBytes() {
        return ResultFiles.read(location(), stderr, "stderr", "stderrStream()");
    }

    /** @return a stream over the standard error, to be closed by the caller; for any size */
    public InputStream stderrStream() {
        return ResultFiles.open(location(), stderr);
    }

    /**
     * Loads an output file into memory.
     *
     * @param name the output's name
     * @return its bytes
     * @throws IllegalArgumentException when there is no such output
     * @throws IllegalStateException when it is larger than {@link #IN_MEMORY_LIMIT}
     */
    public byte[] outputFile(String name) {
        return ResultFiles.read(
                location(),
                outputRef(name),
                "output file '" + name + "'",
                "openOutputFile(name) or saveOutputFile(name, target)");
    }

    /**
     * @param name the output's name
     * @return its content as UTF-8 text
     * @throws IllegalArgumentException when there is no such output
     * @throws IllegalStateException when it is larger than {@link #IN_MEMORY_LIMIT}
     */
    public String outputText(String name) {
        return new String(outputFile(name), StandardCharsets.UTF_8);
    }

    /**
     * @param name the output's name
     * @return a stream over its bytes, to be closed by the caller; for any size
     * @throws IllegalArgumentException when there is no such output
     */
    public InputStream openOutputFile(String name) {
        return ResultFiles.open(location(), outputRef(name));
    }

    /**
     * Copies an output file to a path, streaming; replaces the target if it exists.
     *
     * @param name the output's name
     * @param target where to write it; its folder is created if needed
     * @return the target
     * @throws IllegalArgumentException when there is no such output
     * @throws UncheckedIOException when the target cannot be written
     */
    public Path saveOutputFile(String name, Path target) {
        return ResultFiles.save(location(), outputRef(name), target);
    }

    /**
     * Copies the standard output to a path, streaming; replaces the target if it exists.
     *
     * @param target where to write it; its folder is created if needed
     * @return the target
     */
    public Path saveStdout(Path target) {
        return ResultFiles.save(location(), stdout, target);
    }

    /**
     * Restores every output file under a folder, at its name relative to the folder (as the command
     * left them in its working folder): how the outputs of a reused node are restored on request.
     *
     * @param folder the folder, created if needed
     * @return the folder
     * @throws UncheckedIOException when a file cannot be written
     */
    public Path saveOutputs(Path folder) {
        for (Map.Entry<String, BlobRef> output : outputs.entrySet()) {
            ResultFiles.save(location(), output.getValue(), folder.resolve(output.getKey()));
        }
        return folder;
    }

    /**
     * Gives an output file as a path that the next command can read, typically through {@link
     * Command#inputFile(String, Path)}: the file is made once in the store ({@code
     * <store>/files/<sha256>/<file name>}, read-only) and reused afterwards. Since a {@code Path}
     * argument is fingerprinted by content, an electron that receives this path (or this result)
     * has a content-based cache key.
     *
     * <p>For a result Valence has not stored yet, the file lives in the result's temporary folder.
     *
     * @param name the output's name
     * @return the file, named like the output's last path segment
     * @throws IllegalArgumentException when there is no such output
     */
    public Path outputPath(String name) {
        BlobRef ref = outputRef(name);
        return location().materialize(ref, FileTree.fileName(name));
    }

    private synchronized ResultLocation location() {
        return location;
    }

    private Set<BlobRef> refs() {
        Set<BlobRef> refs = new LinkedHashSet<>();
        refs.add(stdout);
        refs.add(stderr);
        refs.addAll(outputs.values());
        return refs;
    }

    /** Equal when the exit code and the content of every file are equal (not the duration). */
    @Override
    public boolean equals(Object other) {
        return other instanceof CommandResult that
                && exitCode == that.exitCode
                && stdout.equals(that.stdout)
                && stderr.equals(that.stderr)
                && outputs.equals(that.outputs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(exitCode, stdout, stderr, outputs);
    }

    @Override
    public String toString() {
        return "CommandResult[exit " + exitCode + ", " + duration.toMillis() + " ms, stdout " + stdout.size()
                + " bytes, stderr " + stderr.size() + " bytes, outputs " + outputs.keySet() + "]";
    }
}
