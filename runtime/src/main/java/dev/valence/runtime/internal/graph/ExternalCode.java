package dev.valence.runtime.internal.graph;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Folds the code an electron reaches outside its build into its code fingerprint. The processor
 * sees no source of library classes and the JDK, so it lists the classes it reached there; here
 * each library class counts by the SHA-256 of its class file (read through the electron's class
 * loader, once per loader and class in a process), and JDK classes ({@code java.*}, {@code
 * javax.*}, {@code jdk.*}, {@code sun.*}) by the JDK's feature version only: hashing the JDK's
 * classes would make every update release rerun everything, and a feature release is where
 * behaviour is allowed to change.
 */
public final class ExternalCode {
    private static final List<String> JDK_PREFIXES = List.of("java.", "javax.", "jdk.", "sun.");
    /** Class-file hashes by loader and binary name; weak keys so that unloaded loaders go. */
    private static final Map<ClassLoader, Map<String, String>> HASHES = new WeakHashMap<>();

    private ExternalCode() {}

    /**
     * @param codeFingerprint the fingerprint the processor computed
     * @param externalClasses binary names of the classes outside the build the code reaches
     * @param loader the loader that sees them, the electron's
     * @return the fingerprint of both; {@code codeFingerprint} itself when nothing outside is reached
     */
    public static String fingerprint(String codeFingerprint, List<String> externalClasses, ClassLoader loader) {
        if (externalClasses.isEmpty()) {
            return codeFingerprint;
        }
        StringBuilder text = new StringBuilder("valence-external-v1\n")
                .append(codeFingerprint)
                .append('\n');
        for (String name : externalClasses) {
            text.append(name).append(' ').append(partOf(name, loader)).append('\n');
        }
        return sha256(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The external classes as parts of a fingerprint, for {@code explain}: {@code class NAME} with
     * the first 16 hex digits of its class file's hash (JDK classes: {@code jdk<feature>}) and,
     * where the class file comes from a jar, {@code from} the jar's file name.
     *
     * @param externalClasses binary names of the classes outside the build the code reaches
     * @param loader the loader that sees them
     * @return the parts by name
     */
    public static Map<String, String> parts(List<String> externalClasses, ClassLoader loader) {
        Map<String, String> parts = new TreeMap<>();
        for (String name : externalClasses) {
            String hash = partOf(name, loader);
            String shortHash = hash.length() > 16 ? hash.substring(0, 16) : hash;
            parts.put(
                    "class " + name,
                    jarOf(name, loader).map(jar -> shortHash + " from " + jar).orElse(shortHash));
        }
        return parts;
    }

    /** The file name of the jar a class file is loaded from, when it is loaded from a jar. */
    private static Optional<String> jarOf(String binaryName, ClassLoader loader) {
        URL url = loader.getResource(binaryName.replace('.', '/') + ".class");
        if (url == null || !"jar".equals(url.getProtocol())) {
            return Optional.empty();
        }
        String path = url.getPath();
        int bang = path.indexOf("!/");
        String jar = bang < 0 ? path : path.substring(0, bang);
        return Optional.of(jar.substring(jar.lastIndexOf('/') + 1));
    }

    private static String partOf(String binaryName, ClassLoader loader) {
        for (String prefix : JDK_PREFIXES) {
            if (binaryName.startsWith(prefix)) {
                return "jdk" + Runtime.version().feature();
            }
        }
        Map<String, String> hashes;
        synchronized (HASHES) {
            hashes = HASHES.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
        }
        return hashes.computeIfAbsent(binaryName, name -> classFileHash(name, loader));
    }

    /** A class whose file the loader does not show counts as missing: stable, if blind to edits. */
    private static String classFileHash(String binaryName, ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(binaryName.replace('.', '/') + ".class")) {
            return in == null ? "missing" : sha256(in.readAllBytes());
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
