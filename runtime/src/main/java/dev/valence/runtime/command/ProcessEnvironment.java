package dev.valence.runtime.command;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The environment a command's program sees: a few variables of this process, so that programs are
 * found and run, plus the declared ones. Nothing else passes, so that an undeclared variable of the
 * calling shell cannot silently change a result.
 */
final class ProcessEnvironment {
    static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    /** Passed through unless the command says otherwise; Windows programs need a few more to start at all. */
    static final List<String> INHERITED = WINDOWS
            ? List.of("PATH", "HOME", "LANG", "TMPDIR", "SystemRoot", "TEMP", "TMP", "PATHEXT")
            : List.of("PATH", "HOME", "LANG", "TMPDIR");

    private ProcessEnvironment() {}

    /**
     * The variables for one run, in name order.
     *
     * @param inherited the names taken from this process when it has them
     * @param declared the declared variables, which win over inherited ones of the same name
     */
    static Map<String, String> resolve(Set<String> inherited, Map<String, String> declared) {
        Map<String, String> env = new TreeMap<>();
        Map<String, String> parent = System.getenv();
        for (String name : inherited) {
            String value = parent.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(declared);
        return env;
    }
}
