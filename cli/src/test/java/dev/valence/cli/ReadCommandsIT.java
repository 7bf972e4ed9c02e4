package dev.valence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.Valence;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reading commands (list, show, graph, explain, logs, size) on a store made by real
 * dispatches and closed, and their refusals: unknown ids and nodes, folders that are not stores,
 * bad options.
 */
class ReadCommandsIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static Path store;
    static String first;
    static String again;
    static String other;
    static String failed;
    static String command;
    static String nested;

    @BeforeAll
    static void dispatch() {
        store = work.resolve("store");
        try (Valence valence = Valence.open(store)) {
            first = finish(valence.dispatch(Lattices.arithmetic().workflow(1, 2)))
                    .id();
            again = finish(valence.dispatch(Lattices.arithmetic().workflow(1, 2)))
                    .id();
            other = finish(valence.dispatch(Lattices.arithmetic().workflow(1, 5)))
                    .id();
            failed = finish(valence.dispatch(Lattices.failing().workflow(1))).id();
            nested = finish(valence.dispatch(Lattices.nested().workflow(1))).id();
            if (!System.getProperty("os.name").startsWith("Windows")) {
                command =
                        finish(valence.dispatch(Lattices.command().workflow(1))).id();
            }
        }
    }

    static <R> DispatchResult<R> finish(dev.valence.runtime.Dispatch<R> dispatch) {
        return dispatch.await(Duration.ofSeconds(Cli.PATIENCE_SECONDS)).orElseThrow();
    }

    static Cli.Result cli(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--store");
        all.add(store.toString());
        return Cli.run(work, all.toArray(String[]::new));
    }

    /** Every failure is one line on stderr, naming the cause. */
    static void assertOneLineError(Cli.Result result, int exit, String contains) {
        assertEquals(exit, result.exit(), result::toString);
        String err = result.err().strip();
        assertEquals(1, err.lines().count(), result::toString);
        assertTrue(err.startsWith("valence: "), result::toString);
        assertTrue(err.contains(contains), result::toString);
    }

    @Test
    void listShowsEveryDispatchOldestFirst() throws Exception {
        String out = cli("list").ok().out();
        assertTrue(out.startsWith("ID"), out);
        assertTrue(out.indexOf(first) < out.indexOf(again) && out.indexOf(again) < out.indexOf(other), out);
        assertTrue(out.contains("FAILED"), out);
    }

    @Test
    void listFiltersAndItsJsonParsesBack() throws Exception {
        JsonNode failures =
                JSON.readTree(cli("list", "--json", "--status", "failed").ok().out());
        assertEquals(1, failures.size());
        assertEquals(failed, failures.get(0).get("id").asText());
        assertEquals("FAILED", failures.get(0).get("status").asText());

        JsonNode arithmetic = JSON.readTree(
                cli("list", "--json", "--lattice", "arithmetic").ok().out());
        assertEquals(3, arithmetic.size(), arithmetic::toString);
        assertEquals(first, arithmetic.get(0).get("id").asText());

        assertEquals(
                0,
                JSON.readTree(cli("list", "--json", "--since", "2999-01-01")
                                .ok()
                                .out())
                        .size());
        assertEquals(
                0,
                JSON.readTree(cli("list", "--json", "--before", "2000-01-01T00:00:00Z")
                                .ok()
                                .out())
                        .size());
        assertEquals(
                6 - (command == null ? 1 : 0),
                JSON.readTree(cli("list", "--json", "--since", "2000-01-01")
                                .ok()
                                .out())
                        .size());

        assertOneLineError(cli("list", "--since", "yesterday"), ExitCodes.USAGE, "neither an ISO instant");
        assertOneLineError(cli("list", "--status", "sleeping"), ExitCodes.USAGE, "--status");
    }

    @Test
    void showPrintsTheNodeTableWithWhereReusedValuesCameFrom() throws Exception {
        String out = cli("show", again).ok().out();
        assertTrue(out.startsWith("dispatch " + again), out);
        assertTrue(out.contains("COMPLETED"), out);
        String addLine = out.lines()
                .filter(line -> line.contains(" add "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(out));
        assertTrue(addLine.contains("REUSED") && addLine.contains(first), addLine);
        assertFalse(out.contains(" p0 "), "inputs are listed only with --all:\n" + out);
        assertTrue(cli("show", again, "--all").ok().out().contains(" p0 "));
    }

    @Test
    void showJsonParsesBack() throws Exception {
        JsonNode shown = JSON.readTree(cli("show", again, "--json").ok().out());
        assertEquals(again, shown.get("id").asText());
        assertEquals("COMPLETED", shown.get("status").asText());
        JsonNode add = shown.get("nodes").get(2);
        assertEquals("add", add.get("name").asText());
        assertEquals("REUSED", add.get("status").asText());
        assertEquals(first, add.get("reusedFrom").asText());
        assertFalse(add.get("reason").asText().isEmpty());

        JsonNode broken = JSON.readTree(cli("show", failed, "--json").ok().out())
                .get("nodes")
                .get(1);
        assertEquals("FAILED", broken.get("status").asText());
        assertTrue(broken.get("error").asText().contains("broken on purpose"), broken::toString);
    }

    @Test
    void aSublatticesChildIsNamedAndShownByItsOwnId() throws Exception {
        JsonNode parent = JSON.readTree(cli("show", nested, "--json").ok().out());
        JsonNode sublattice = parent.get("nodes").get(2);
        assertEquals("SUBLATTICE", sublattice.get("kind").asText(), parent::toString);
        String child = sublattice.get("childDispatch").asText();
        assertTrue(
                cli("show", nested).ok().out().contains(sublattice.get("name").asText() + ": dispatch " + child));

        String shown = cli("show", child).ok().out();
        assertTrue(shown.contains("parent") && shown.contains(nested) && shown.contains("twice"), shown);
        assertTrue(cli("logs", nested, sublattice.get("name").asText() + "/twice")
                .ok()
                .out()
                .contains("printed nothing"));
        assertTrue(cli("list").ok().out().lines().noneMatch(line -> line.startsWith(child)), "children are not listed");
    }

    @Test
    void graphDrawsNodesWithStatusAndEdgesFromArguments() throws Exception {
        String dot = cli("graph", first).ok().out();
        assertTrue(dot.startsWith("digraph"), dot);
        assertTrue(dot.contains("n0 -> n2 [label=\"1\"]") && dot.contains("n1 -> n2 [label=\"2\"]"), dot);
        assertTrue(dot.contains("n2 -> n3;") && dot.contains("COMPLETED"), dot);

        String mermaid = cli("graph", first, "--format", "mermaid").ok().out();
        assertTrue(mermaid.startsWith("flowchart"), mermaid);
        assertTrue(mermaid.contains("n2 --> n3") && mermaid.contains("n0 -->|1| n2"), mermaid);

        JsonNode graph =
                JSON.readTree(cli("graph", first, "--format", "json").ok().out());
        assertEquals(4, graph.get("nodes").size());
        assertEquals(3, graph.get("edges").size());
        JsonNode last = graph.get("edges").get(2);
        assertEquals(2, last.get("from").asInt());
        assertEquals(3, last.get("to").asInt());

        assertOneLineError(cli("graph", first, "--format", "png"), ExitCodes.USAGE, "png");
    }

    @Test
    void explainSaysWhichPartOfTheKeyChanged() throws Exception {
        String out = cli("explain", other, "add", "--against", first).ok().out();
        assertTrue(out.startsWith("node add of dispatch " + other), out);
        assertTrue(out.contains("compared with dispatch " + first), out);
        assertTrue(out.contains("argument 2"), out);

        JsonNode explained =
                JSON.readTree(cli("explain", again, "add", "--json").ok().out());
        assertEquals("REUSED", explained.get("status").asText());
        assertEquals(first, explained.get("reusedFrom").asText());
        assertEquals(2, explained.get("arguments").size());
    }

    @Test
    void logsPrintWhatElectronsWrote() throws Exception {
        String out = cli("logs", first).ok().out();
        assertTrue(out.contains("==> add: stdout <==\nadding 1 and 2\n"), out);
        assertTrue(out.contains("==> add: stderr <==\na warning from add\n"), out);

        JsonNode logs = JSON.readTree(cli("logs", first, "add", "--json").ok().out());
        assertEquals(1, logs.size());
        assertEquals("adding 1 and 2\n", logs.get(0).get("stdout").asText());
        assertEquals("a warning from add\n", logs.get(0).get("stderr").asText());

        assertTrue(cli("logs", first, "twice").ok().out().contains("printed nothing"));
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void logsPrintACommandsOwnOutput() throws Exception {
        String out = cli("logs", command).ok().out();
        assertTrue(out.contains("==> shell: command stdout <==\ncommand out 1\n"), out);
        assertTrue(out.contains("==> shell: command stderr <==\ncommand err\n"), out);
        JsonNode logs = JSON.readTree(cli("logs", command, "--json").ok().out());
        assertEquals(0, logs.get(0).get("command").get("exitCode").asInt());
    }

    @Test
    void sizeCountsTheStoresBytes() throws Exception {
        assertTrue(cli("size").ok().out().contains(" bytes) in "));
        assertTrue(JSON.readTree(cli("size", "--json").ok().out()).get("bytes").asLong() > 0);
    }

    @Test
    void anUnknownDispatchExits3WithOneLine() throws Exception {
        for (String[] args : List.of(
                new String[] {"show", "nope"},
                new String[] {"show", "nope", "--follow"},
                new String[] {"graph", "nope"},
                new String[] {"explain", "nope", "add"},
                new String[] {"explain", first, "add", "--against", "nope"},
                new String[] {"logs", "nope"},
                new String[] {"cancel", "nope"},
                new String[] {"delete", "nope"},
                new String[] {"redispatch", "nope"})) {
            assertOneLineError(cli(args), ExitCodes.NOT_FOUND, "no dispatch nope");
        }
    }

    @Test
    void anUnknownNodeExits3WithOneLine() throws Exception {
        assertOneLineError(cli("explain", first, "nope"), ExitCodes.NOT_FOUND, "no node named 'nope'");
        assertOneLineError(cli("logs", first, "nope"), ExitCodes.NOT_FOUND, "no node named 'nope'");
    }

    @Test
    void aFolderThatIsNotAStoreIsRefusedAndLeftAlone() throws Exception {
        Path empty = Files.createDirectories(work.resolve("not-a-store"));
        Path missing = work.resolve("missing");
        for (String command : List.of("list", "size", "prune", "vacuum")) {
            assertOneLineError(
                    Cli.run(work, command, "--store", empty.toString()), ExitCodes.STORE, "is not a Valence store");
            assertOneLineError(
                    Cli.run(work, command, "--store", missing.toString()), ExitCodes.STORE, "does not exist");
        }
        assertOneLineError(
                Cli.run(work, "cancel", "x", "--store", empty.toString()), ExitCodes.STORE, "is not a Valence store");
        try (var files = Files.list(empty)) {
            assertEquals(0, files.count(), "reading must not create a store");
        }
        assertFalse(Files.exists(missing));
    }

    @Test
    void aDamagedDatabaseIsAStoreProblem() throws Exception {
        Path damaged = Files.createDirectories(work.resolve("damaged"));
        Files.writeString(damaged.resolve("valence.db"), "this is not a database", StandardCharsets.UTF_8);
        assertOneLineError(Cli.run(work, "list", "--store", damaged.toString()), ExitCodes.STORE, damaged.toString());
    }

    @Test
    void usageErrorsExit2WithOneLine() throws Exception {
        assertOneLineError(cli("bogus"), ExitCodes.USAGE, "bogus");
        assertOneLineError(cli("show"), ExitCodes.USAGE, "ID");
        assertTrue(Cli.run(work, "--help").ok().out().contains("Exit codes"));
        assertTrue(Cli.run(work, "--version").ok().out().startsWith("valence 0."));
    }

    @Test
    void theReadingCommandsLeaveTheStoreUntouched() throws Exception {
        Map<Path, String> before = files(store);
        cli("list").ok();
        cli("show", first).ok();
        cli("graph", first).ok();
        cli("explain", first, "add").ok();
        cli("logs", first).ok();
        cli("size").ok();
        assertEquals(before, files(store), "a reading command wrote to the store");
    }

    /** Every file of a folder with its size and modification time. */
    private static Map<Path, String> files(Path folder) throws Exception {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(folder.relativize(file), Files.size(file) + " " + Files.getLastModifiedTime(file));
            }
        }
        return files;
    }
}
