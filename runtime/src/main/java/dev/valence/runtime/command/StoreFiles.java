package dev.valence.runtime.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises files that belong to a blob store's folder, so that they are never handed to a
 * program by link: a symbolic link leads to the store's file, a hard link is it, and a program
 * running as root writes through either whatever the file's permissions say. The layout is the
 * file blob store's ({@code <store>/blobs/ab/cdef...} and {@code <store>/files/<sha256>/<name>});
 * it is recognised from the path alone (after following links), so it covers the file of any store
 * on this machine, fallbacks and other processes' stores included, with nothing registered.
 */
final class StoreFiles {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PREFIX = Pattern.compile("[0-9a-f]{2}");
    private static final Pattern REST = Pattern.compile("[0-9a-f]{62}");

    private StoreFiles() {}

    /**
     * @param file an existing file or folder
     * @return whether it is a blob, a file made from one for programs, or inside such a folder
     */
    static boolean holds(Path file) throws IOException {
        Path real = file.toRealPath();
        List<Path> ancestors = new ArrayList<>();
        for (Path at = real; at != null; at = at.getParent()) {
            ancestors.add(0, at);
        }
        for (int i = 1; i + 1 < ancestors.size(); i++) {
            Path folder = ancestors.get(i);
            String name = String.valueOf(folder.getFileName());
            String next = String.valueOf(ancestors.get(i + 1).getFileName());
            Path storeRoot = ancestors.get(i - 1);
            if (name.equals("files")
                    && SHA256.matcher(next).matches()
                    && Files.isDirectory(storeRoot.resolve("blobs"))) {
                return true;
            }
            if (name.equals("blobs")
                    && PREFIX.matcher(next).matches()
                    && i + 2 < ancestors.size()
                    && REST.matcher(String.valueOf(ancestors.get(i + 2).getFileName()))
                            .matches()) {
                return true;
            }
        }
        return false;
    }
}
