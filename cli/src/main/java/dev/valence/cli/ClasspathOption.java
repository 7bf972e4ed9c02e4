package dev.valence.cli;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --classpath}: the user's jars and class folders, where the generated catalogs of their
 * lattices and electrons are. A stored dispatch names those classes; a redispatch rebuilds its
 * graph from them, and reading a value checks the type the code declares.
 */
public final class ClasspathOption {
    @Option(
            names = {"--classpath", "-cp"},
            paramLabel = "PATHS",
            description = "jars and class folders of the lattice's code, separated by ':' (';' on Windows)")
    String classpath;

    /** Made by picocli. */
    public ClasspathOption() {}

    /**
     * @return a loader over the paths, whose parent is the command's own loader (so that the runtime
     *     is the command's), or the command's loader when no path was given
     * @throws CliException with {@link ExitCodes#USAGE} when a path does not exist
     */
    public ClassLoader loader() {
        ClassLoader parent = ClasspathOption.class.getClassLoader();
        if (classpath == null || classpath.isBlank()) {
            return parent;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry);
            if (!Files.exists(path)) {
                throw CliException.of(
                        ExitCodes.USAGE,
                        "--classpath entry " + entry + " does not exist; pass the jars or class folders of the"
                                + " lattice's code, separated by '" + File.pathSeparator + "'");
            }
            try {
                urls.add(path.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(new IOException("cannot use " + entry + " as a class path entry", e));
            }
        }
        // Never closed: the loader lives as long as the command, which ends the JVM.
        return new URLClassLoader(urls.toArray(URL[]::new), parent);
    }
}
