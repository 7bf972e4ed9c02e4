package dev.valence.runtime.command;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.ref.Cleaner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    private static final Cleaner CLEANER = Cleaner.create();

    // The Jackson-visible fields are what the fingerprint covers (content only).
    @JsonProperty("exitCode")
    private final int exitCode;

    @JsonProperty("stdout")
    private final BlobRef stdout;

    @JsonProperty("stderr")
    private final BlobRef stderr;

    @JsonProperty("outputs")
    private final SortedMap<String, BlobRef> outputs;

    private final Duration duration;

    /** Where the bytes are: a temporary folder until stored, then a blob store. */
    private Location location;

    private CommandResult(
            int exitCode,
            Duration duration,
            BlobRef stdout,
            BlobRef stderr,
            Map<String, BlobRef> outputs,
            Location location) {
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
        return new CommandResult(
                exitCode, duration, stdout, stderr, outputs, new Stored(Objects.requireNonNull(blobs, "blobs")));
    }

    /** A freshly run command's result, its files in {@code folder} named by their hashes. */
    static CommandResult pending(
            int exitCode,
            Duration duration,
            BlobRef stdout,
            BlobRef stderr,
            Map<String, BlobRef> outputs,
            Path folder) {
        Pending pending = new Pending(folder);
        CommandResult result = new CommandResult(exitCode, duration, stdout, stderr, outputs, pending);
        pending.cleanable = CLEANER.register(result, new DeleteFolder(folder));
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
        Location current = location;
        if (current instanceof Stored stored && stored.blobs.equals(blobs)) {
            return this;
        }
        for (BlobRef ref : refs()) {
            if (blobs.contains(ref.sha256())) {
                continue;
            }
            BlobRef put;
            if (current instanceof Pending pending) {
                put = blobs.put(pending.file(ref));
            } else {
                try (InputStream in = current.open(ref)) {
                    put = blobs.put(in);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot copy a command's file into " + blobs, e);
                }
            }
            if (!put.equals(ref)) {
                throw new IllegalStateException("a file of this command changed after the command ended (expected "
                        + ref + ", found " + put + "); did a background process keep writing?");
            }
        }
        location = new Stored(blobs);
        if (current instanceof Pending pending) {
            pending.cleanable.clean();
        }
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
        return bytes(stdout, "stdout", "stdoutStream()");
    }

    /** @return a stream over the standard output, to be closed by the caller; for any size */
    public InputStream stdoutStream() {
        return open(stdout);
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
        return bytes(stderr, "stderr", "stderrStream()");
    }

    /** @return a stream over the standard error, to be closed by the caller; for any size */
    public InputStream stderrStream() {
        return open(stderr);
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
        return bytes(
                outputRef(name), "output file '" + name + "'", "openOutputFile(name) or saveOutputFile(name, target)");
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
        return open(outputRef(name));
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
        return save(outputRef(name), target);
    }

    /**
     * Copies the standard output to a path, streaming; replaces the target if it exists.
     *
     * @param target where to write it; its folder is created if needed
     * @return the target
     */
    public Path saveStdout(Path target) {
        return save(stdout, target);
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
            save(output.getValue(), folder.resolve(output.getKey()));
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

    private synchronized Location location() {
        return location;
    }

    private Set<BlobRef> refs() {
        Set<BlobRef> refs = new LinkedHashSet<>();
        refs.add(stdout);
        refs.add(stderr);
        refs.addAll(outputs.values());
        return refs;
    }

    private InputStream open(BlobRef ref) {
        try {
            return location().open(ref);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a command's file " + ref.sha256() + ": " + e.getMessage(), e);
        }
    }

    private byte[] bytes(BlobRef ref, String what, String instead) {
        if (ref.size() > IN_MEMORY_LIMIT) {
            throw new IllegalStateException("the " + what + " has " + ref.size() + " bytes, more than the "
                    + IN_MEMORY_LIMIT + " Valence reads into memory at once; read it with " + instead);
        }
        try (InputStream in = open(ref)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length != ref.size()) {
                throw damaged(ref, bytes.length);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + what + ": " + e.getMessage(), e);
        }
    }

    private Path save(BlobRef ref, Path target) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            long copied;
            try (InputStream in = open(ref)) {
                Files.deleteIfExists(target);
                copied = Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (copied != ref.size()) {
                throw damaged(ref, copied);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static IllegalStateException damaged(BlobRef ref, long found) {
        return new IllegalStateException("the stored file " + ref.sha256() + " has " + found + " bytes instead of "
                + ref.size() + ": the store's blob is damaged; redispatch with Reuse.NONE to compute it again");
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

    /** Where a result's bytes are. */
    private interface Location {
        InputStream open(BlobRef ref) throws IOException;

        Path materialize(BlobRef ref, String fileName);
    }

    /** In a blob store. */
    private static final class Stored implements Location {
        private final BlobStore blobs;

        Stored(BlobStore blobs) {
            this.blobs = blobs;
        }

        @Override
        public InputStream open(BlobRef ref) {
            return blobs.open(ref.sha256());
        }

        @Override
        public Path materialize(BlobRef ref, String fileName) {
            return blobs.materialize(ref.sha256(), fileName);
        }
    }

    /** In the temporary folder of a command that just ran: {@code <folder>/<sha256>}. */
    private static final class Pending implements Location {
        private final Path folder;
        private Cleaner.Cleanable cleanable;

        Pending(Path folder) {
            this.folder = folder;
        }

        Path file(BlobRef ref) {
            return folder.resolve(ref.sha256());
        }

        @Override
        public InputStream open(BlobRef ref) throws IOException {
            return Files.newInputStream(file(ref));
        }

        @Override
        public Path materialize(BlobRef ref, String fileName) {
            Path target = folder.resolve("files").resolve(ref.sha256()).resolve(fileName);
            try {
                if (!Files.isRegularFile(target)) {
                    Files.createDirectories(Objects.requireNonNull(target.getParent(), "parent"));
                    Files.copy(file(ref), target);
                }
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the file " + target + ": " + e.getMessage(), e);
            }
        }
    }

    /** Deletes a temporary folder; holds no reference to the result, as a Cleaner action must not. */
    private static final class DeleteFolder implements Runnable {
        private final Path folder;

        DeleteFolder(Path folder) {
            this.folder = folder;
        }

        @Override
        public void run() {
            FileTree.deleteTree(folder);
        }
    }
}
