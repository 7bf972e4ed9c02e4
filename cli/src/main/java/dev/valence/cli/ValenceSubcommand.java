package dev.valence.cli;

/**
 * A command another module adds to {@code valence} (the dashboard's {@code valence ui}): a class
 * annotated with picocli's {@code @Command}, implementing this interface (and usually {@code
 * Callable<Integer>}), with a public no-argument constructor, listed in {@code
 * META-INF/services/dev.valence.cli.ValenceSubcommand}. {@link Main#commandLine()} finds every one
 * on the class path with {@link java.util.ServiceLoader}; the shaded jar merges service files, so
 * a module shaded into it needs no change here.
 *
 * <p>A service rather than a list in {@link ValenceCommand}: the command line must not depend on
 * the modules that extend it.
 */
public interface ValenceSubcommand {}
