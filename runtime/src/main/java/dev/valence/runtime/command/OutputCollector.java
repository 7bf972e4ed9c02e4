package dev.valence.runtime.command;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Finds a finished command's output files in its working folder: the declared ones, then the glob matches. */
final class OutputCollector {
    private final List<String> declared;
    private final List<String> globs;

    /**
     * @param declared the paths the program must write: files, or folders standing for every
     *     regular file inside
     * @param globs patterns over paths inside the working folder, which may match nothing
     */
    OutputCollector(List<String> declared, List<String> globs) {
        this.declared = List.copyOf(declared);
        this.globs = List.copyOf(globs);
    }

    /**
     * @param work the working folder
     * @param description the command, for error messages
     * @return the output files by name (relative to {@code work}, with {@code /}), in name order
     * @throws CommandException with {@link CommandException.Reason#OUTPUT_MISSING} when a declared
     *     output is neither a file nor a folder
     */
    Map<String, Path> collect(Path work, String description) throws IOException {
        Map<String, Path> found = new TreeMap<>();
        for (String name : declared) {
            Path path = work.resolve(name);
            if (Files.isRegularFile(path)) {
                found.put(name, path);
            } else if (Files.isDirectory(path)) {
                addRegularFiles(work, path, file -> true, found);
            } else {
                throw new CommandException(
                        CommandException.Reason.OUTPUT_MISSING,
                        description + " exited with code 0 but did not write its declared output '" + name
                                + "'; the working folder held " + listing(work),
                        null,
                        null);
            }
        }
        for (String glob : globs) {
            PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
            addRegularFiles(work, work, file -> matcher.matches(work.relativize(file)), found);
        }
        return found;
    }

    private static void addRegularFiles(Path work, Path folder, Predicate<Path> accept, Map<String, Path> found)
            throws IOException {
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                // Inputs placed as links are not outputs, unless the program replaced them.
                if (attributes.isRegularFile() && accept.test(file)) {
                    found.put(FileTree.relativeName(work, file), file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The first names in the working folder, so that a missing output's message shows what was written instead. */
    private static String listing(Path work) {
        try (Stream<Path> files = Files.list(work)) {
            List<String> names = files.map(file -> file.getFileName().toString()
                            + (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "/" : ""))
                    .sorted()
                    .limit(20)
                    .toList();
            return names.isEmpty() ? "nothing" : names.toString();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
