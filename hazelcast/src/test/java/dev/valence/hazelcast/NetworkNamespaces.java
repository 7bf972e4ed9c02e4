package dev.valence.hazelcast;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Linux network namespaces as separate hosts on one private subnet: a bridge on this host with the
 * subnet's first address, and per host a namespace whose veth pair hangs on that bridge, so that
 * the hosts reach each other and this host (and nothing else). Names carry a per-run suffix, so
 * that runs side by side, or the leftovers of a killed run, never clash; {@link #close} removes
 * everything, and a shutdown hook does it if the JVM ends before.
 */
final class NetworkNamespaces implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String suffix;
    private final String subnet;
    private final int hosts;
    private final List<List<String>> undo = new ArrayList<>();
    private final List<String> created = new ArrayList<>();
    private final Thread hook = new Thread(this::removeAll, "remove-network-namespaces");

    private NetworkNamespaces(String suffix, String subnet, int hosts) {
        this.suffix = suffix;
        this.subnet = subnet;
        this.hosts = hosts;
    }

    /**
     * Creates the bridge and the hosts, or aborts the test (a skip) when this machine does not let
     * it create a namespace or a bridge: not root, no {@code ip}, a container without {@code
     * CAP_NET_ADMIN}. That is found by trying, not guessed from the user.
     *
     * @param hosts how many namespaces, at most 250
     */
    static NetworkNamespaces create(int hosts) throws IOException, InterruptedException {
        // Short: interface names are at most 15 characters ("vh" + suffix + index).
        String suffix = String.format("%04x%02x", ProcessHandle.current().pid() & 0xffff, RANDOM.nextInt(256));
        NetworkNamespaces namespaces = new NetworkNamespaces(suffix, freeSubnet(), hosts);
        Runtime.getRuntime().addShutdownHook(namespaces.hook);
        try {
            namespaces.probe();
            namespaces.build();
            return namespaces;
        } catch (RuntimeException | IOException | InterruptedException | Error e) {
            namespaces.close();
            throw e;
        }
    }

    /** The two privileged steps first, each a skip when refused: a namespace, then the bridge. */
    private void probe() throws InterruptedException {
        List<String> first = List.of("ip", "netns", "add", namespace(1));
        skipUnless(first, tryRun(first));
        created.add(namespace(1));
        undo.add(List.of("ip", "netns", "del", namespace(1)));
        List<String> bridge = List.of("ip", "link", "add", bridge(), "type", "bridge");
        skipUnless(bridge, tryRun(bridge));
        undo.add(List.of("ip", "link", "del", bridge()));
    }

    private static void skipUnless(List<String> command, String failure) {
        if (failure != null) {
            String reason = "network namespaces are not permitted here (`" + String.join(" ", command) + "`: " + failure
                    + "); the namespaced cluster test needs root with CAP_SYS_ADMIN and CAP_NET_ADMIN";
            System.out.println("[namespaced cluster test] skipped: " + reason);
            Assumptions.abort(reason);
        }
    }

    private void build() throws IOException, InterruptedException {
        run("ip", "addr", "add", bridgeAddress() + "/24", "dev", bridge());
        run("ip", "link", "set", bridge(), "up");
        for (int i = 1; i <= hosts; i++) {
            String namespace = namespace(i);
            if (i > 1) {
                run("ip", "netns", "add", namespace);
                created.add(namespace);
                undo.add(List.of("ip", "netns", "del", namespace));
            }
            String outside = "vh" + suffix + i;
            String inside = "vn" + suffix + i;
            run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
            // Deleting one end deletes both; the namespace's deletion would too, this is for a half-built run.
            undo.add(List.of("ip", "link", "del", outside));
            run("ip", "link", "set", inside, "netns", namespace);
            run("ip", "link", "set", outside, "master", bridge());
            run("ip", "link", "set", outside, "up");
            // A host's loopback is up on any real machine; the JVM and Hazelcast may use it.
            run("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
            run("ip", "netns", "exec", namespace, "ip", "addr", "add", address(i) + "/24", "dev", inside);
            run("ip", "netns", "exec", namespace, "ip", "link", "set", inside, "up");
        }
    }

    /** A random 10.200-250.x.0/24 that no interface or route here mentions yet. */
    private static String freeSubnet() throws InterruptedException {
        String routes = output("ip", "-o", "-4", "route") + output("ip", "-o", "-4", "addr");
        for (int attempt = 0; attempt < 100; attempt++) {
            String subnet = "10." + (200 + RANDOM.nextInt(51)) + "." + RANDOM.nextInt(256);
            if (!routes.contains(subnet + ".")) {
                return subnet;
            }
        }
        throw new IllegalStateException("no free subnet in 10.200-250.x.0/24:\n" + routes);
    }

    /** @return the address of this host on the bridge */
    String bridgeAddress() {
        return subnet + ".1";
    }

    /** @return the address of host {@code i} (from 1) */
    String address(int i) {
        return subnet + "." + (i + 1);
    }

    /** @return the command prefix that runs a command on host {@code i} (from 1) */
    List<String> launcher(int i) {
        return List.of("ip", "netns", "exec", namespace(i));
    }

    /** @return a one-line description, for the console */
    String describe() {
        return hosts + " network namespaces " + namespace(1) + ".." + namespace(hosts) + " on bridge " + bridge() + " "
                + subnet + ".0/24";
    }

    private String namespace(int i) {
        return "valence-" + suffix + "-" + i;
    }

    private String bridge() {
        return "vbr" + suffix;
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook runs (or ran) removeAll, which is idempotent.
        }
    }

    /** Undoes in reverse order, each step whatever the others did: a failed step must not leak the rest. */
    private synchronized void removeAll() {
        // First whatever still runs in a namespace (workers, when the JVM ends before the test closes
        // them): deleting the namespace only unnames it, and a worker cut off from the bridge would run on.
        for (String namespace : created) {
            killProcessesIn(namespace);
        }
        created.clear();
        for (int i = undo.size() - 1; i >= 0; i--) {
            List<String> command = undo.get(i);
            try {
                String failure = tryRun(command);
                // A veth is gone with its namespace; anything else that stays behind is worth a line.
                if (failure != null && !failure.contains("Cannot find device")) {
                    System.out.println(
                            "[namespaced cluster test] cleanup `" + String.join(" ", command) + "`: " + failure);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        undo.clear();
    }

    private static void killProcessesIn(String namespace) {
        try {
            for (String pid : output("ip", "netns", "pids", namespace).split("\\s+")) {
                if (pid.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        String failure = tryRun(List.of(command));
        if (failure != null) {
            throw new IOException("`" + String.join(" ", command) + "` failed: " + failure);
        }
    }

    /** @return null when the command succeeded, else why not (its output, or that it could not start) */
    private static String tryRun(List<String> command) throws InterruptedException {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = read(process.getInputStream());
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "no answer in 30 s";
            }
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + ": " + output.trim();
        } catch (IOException e) {
            return "cannot run it: " + e.getMessage();
        }
    }

    /** @return what the command printed, or nothing when it cannot run (then the probe says why) */
    private static String output(String... command) throws InterruptedException {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = read(process.getInputStream());
            process.waitFor(30, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "";
        }
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
