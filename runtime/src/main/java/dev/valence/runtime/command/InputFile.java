package dev.valence.runtime.command;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** One input file of a command: bytes to write, or a file or folder to place by an {@link InputMode}. */
final class InputFile {
    private final byte[] content;
    private final Path source;
    private final InputMode mode;

    private InputFile(byte[] content, Path source, InputMode mode) {
        this.content = content;
        this.source = source;
        this.mode = mode;
    }

    /** An input written from bytes, which the caller no longer changes. */
    static InputFile ofBytes(byte[] content) {
        return new InputFile(content, null, null);
    }

    /** An input placed from a file or folder, an absolute normalized path. */
    static InputFile ofFile(Path source, InputMode mode) {
        return new InputFile(null, source, mode);
    }

    /**
     * Places every input in the working folder, in the order declared (so that a later input may go
     * inside a folder an earlier one made).
     *
     * @param inputs the inputs by their names inside the working folder
     * @param work the working folder
     * @param description the command, for error messages
     * @throws CommandException with {@link CommandException.Reason#START_FAILED} when one cannot be placed
     */
    static void placeAll(Map<String, InputFile> inputs, Path work, String description) {
        for (Map.Entry<String, InputFile> entry : inputs.entrySet()) {
            InputFile input = entry.getValue();
            try {
                input.placeAt(work.resolve(entry.getKey()));
            } catch (IOException | UncheckedIOException e) {
                throw new CommandException(
                        CommandException.Reason.START_FAILED,
                        "cannot place the input file '" + entry.getKey() + "'"
                                + (input.source == null ? "" : " from " + input.source) + " for " + description
                                + ": " + e,
                        null,
                        e);
            }
        }
    }

    private void placeAt(Path target) throws IOException {
        Files.createDirectories(Objects.requireNonNull(target.getParent(), "parent"));
        if (content != null) {
            Files.write(target, content);
        } else {
            place(source, target, mode);
        }
    }

    private static void place(Path source, Path target, InputMode mode) throws IOException {
        if (!Files.exists(source)) {
            throw new IOException("the file " + source + " does not exist");
        }
        // A link into the store lets the program write into a blob (as root, permissions do not stop
        // it): a read-only copy gives it the same bytes, read-only as the link would be.
        boolean fromStore = mode != InputMode.COPY && StoreFiles.holds(source);
        if (mode == InputMode.SYMLINK && !fromStore) {
            try {
                Files.createSymbolicLink(target, source);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                // No symbolic links here (Windows without the privilege): copy instead.
            }
        }
        // Files.walk gives a single file as itself, so files and folders take the same path.
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path file : (Iterable<Path>) tree::iterator) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (fromStore) {
                    readOnlyCopy(file, copy);
                } else {
                    linkOrCopy(file, copy, mode);
                }
            }
        }
    }

    private static void readOnlyCopy(Path source, Path target) throws IOException {
        Files.copy(source, target);
        if (!target.toFile().setWritable(false, false)) {
            throw new IOException("cannot make the copy " + target + " read-only");
        }
    }

    private static void linkOrCopy(Path source, Path target, InputMode mode) throws IOException {
        if (mode == InputMode.HARD_LINK) {
            try {
                Files.createLink(target, source);
                return;
            } catch (IOException | UnsupportedOperationException e) {
                // Another file system: copy.
            }
        }
        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        // A copy of a read-only input stays private to the run, so the program may change it.
        if (!Files.isWritable(target) && !target.toFile().setWritable(true, true)) {
            throw new IOException("cannot make the copy " + target + " writable");
        }
    }
}
