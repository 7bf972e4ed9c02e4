package dev.valence.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The project's rule, checked here as the runtime and processor check theirs: small classes with one job. */
class SourceSizeTest {
    private static final int MAX_LINES = 600;

    @Test
    void noMainSourceFileIsOver600Lines() throws IOException {
        Path sources = Path.of("src", "main", "java");
        assertTrue(Files.isDirectory(sources), "run from the module's folder, as Maven does");
        List<String> tooLong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file :
                    files.filter(path -> path.toString().endsWith(".java")).toList()) {
                long lines;
                try (Stream<String> text = Files.lines(file)) {
                    lines = text.count();
                }
                if (lines > MAX_LINES) {
                    tooLong.add(file + " (" + lines + " lines)");
                }
            }
        }
        assertTrue(tooLong.isEmpty(), "split these into classes with one job each: " + tooLong);
    }
}
