package dev.valence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.valence.runtime.Dispatch;
import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.Valence;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands that act on a store while the test JVM runs a dispatch in it, held by a latch:
 * cancel from the command's process, delete refused while running, {@code show --follow} ending
 * with the dispatch; and delete, prune and vacuum once it has ended.
 */
class SteeringIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private Path store() {
        return work.resolve("store");
    }

    private Cli.Result cli(String... args) throws Exception {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--store";
        all[args.length + 1] = store().toString();
        return Cli.run(work, all);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(Cli.PATIENCE_SECONDS, TimeUnit.SECONDS), "the electron did not start");
    }

    private static <R> DispatchResult<R> finish(Dispatch<R> dispatch) {
        return dispatch.await(Duration.ofSeconds(Cli.PATIENCE_SECONDS)).orElseThrow();
    }

    @Test
    void cancelFromTheCommandEndsADispatchRunningInAnotherProcess() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Valence valence = Valence.open(store())) {
            Dispatch<Integer> dispatch =
                    valence.dispatch(Lattices.blocking(started, release).workflow(1));
            await(started);
            assertTrue(cli("cancel", dispatch.id()).ok().out().contains("asked dispatch " + dispatch.id()));
            DispatchResult<Integer> result = finish(dispatch);
            assertEquals(DispatchStatus.CANCELLED, result.status());

            Cli.Result again = cli("cancel", dispatch.id());
            ReadCommandsIT.assertOneLineError(again, ExitCodes.FAILED, "is not running");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aRunningDispatchIsNotDeletedAndAnEndedOneIs() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String id;
        try (Valence valence = Valence.open(store())) {
            Dispatch<Integer> dispatch =
                    valence.dispatch(Lattices.blocking(started, release).workflow(1));
            id = dispatch.id();
            await(started);
            ReadCommandsIT.assertOneLineError(cli("delete", id), ExitCodes.RUNNING, "valence cancel " + id);
            release.countDown();
            assertEquals(DispatchStatus.COMPLETED, finish(dispatch).status());
        } finally {
            release.countDown();
        }
        assertTrue(cli("delete", id).ok().out().contains("deleted dispatch " + id));
        ReadCommandsIT.assertOneLineError(cli("show", id), ExitCodes.NOT_FOUND, "no dispatch " + id);
        assertTrue(cli("prune").ok().out().startsWith("pruned "));
        JsonNode pruned = JSON.readTree(cli("prune", "--json").ok().out());
        assertEquals(0, pruned.get("values").asInt(), "a second prune finds nothing");
        assertTrue(cli("vacuum").ok().out().startsWith("vacuumed "));
        assertEquals(0, JSON.readTree(cli("list", "--json").ok().out()).size());
    }

    @Test
    void followRedrawsOnChangeAndEndsWithTheDispatch() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Valence valence = Valence.open(store())) {
            Dispatch<Integer> dispatch =
                    valence.dispatch(Lattices.blocking(started, release).workflow(1));
            await(started);
            Cli.Running follow = Cli.start(work, "show", dispatch.id(), "--follow", "--store", store().toString());
            Cli.Running lines =
                    Cli.start(work, "show", dispatch.id(), "--follow", "--json", "--store", store().toString());
            waitFor(follow, "RUNNING");
            waitFor(lines, "RUNNING");
            Thread.sleep(1500); // three polls with nothing new: nothing printed again
            release.countDown();
            assertEquals(DispatchStatus.COMPLETED, finish(dispatch).status());

            Cli.Result followed = follow.await();
            assertEquals(ExitCodes.OK, followed.exit(), followed::toString);
            long views = followed.out()
                    .lines()
                    .filter(line -> line.startsWith("dispatch "))
                    .count();
            assertTrue(views >= 2 && views <= 4, "printed " + views + " views:\n" + followed.out());
            assertFalse(followed.out().contains("\033["), "no escape codes into a file: " + followed.out());
            String lastView = followed.out().substring(followed.out().lastIndexOf("dispatch "));
            assertTrue(lastView.contains("  status        COMPLETED"), followed::toString);

            Cli.Result json = lines.await();
            assertEquals(ExitCodes.OK, json.exit(), json::toString);
            List<String> documents = json.out().lines().toList();
            assertTrue(documents.size() >= 2 && documents.size() <= 4, json::toString);
            assertEquals(
                    "RUNNING", JSON.readTree(documents.get(0)).get("status").asText());
            assertEquals(
                    "COMPLETED",
                    JSON.readTree(documents.get(documents.size() - 1))
                            .get("status")
                            .asText());
        } finally {
            release.countDown();
        }
    }

    /** On a terminal, each view replaces the last: the screen is cleared before it is drawn. */
    @Test
    void followOnATerminalRedrawsInPlace() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Valence valence = Valence.open(store())) {
            Dispatch<Integer> dispatch =
                    valence.dispatch(Lattices.blocking(started, release).workflow(1));
            await(started);
            Cli.Running follow =
                    Cli.startOnTerminal(work, "show", dispatch.id(), "--follow", "--store", store().toString());
            waitFor(follow, "RUNNING");
            release.countDown();
            assertEquals(DispatchStatus.COMPLETED, finish(dispatch).status());
            Cli.Result followed = follow.await();
            assertEquals(ExitCodes.OK, followed.exit(), followed::toString);
            String clear = "\033[H\033[2J";
            long views = followed.out().split(java.util.regex.Pattern.quote(clear), -1).length - 1L;
            assertTrue(views >= 2, "each view after a clear of the screen:\n" + followed.out());
            assertTrue(
                    followed.out().startsWith(clear),
                    "the first view too draws from the top: " + followed.out().substring(0, 20));
            String lastView = followed.out().substring(followed.out().lastIndexOf(clear));
            assertTrue(lastView.contains("COMPLETED") && !lastView.contains("RUNNING"), lastView);
        } finally {
            release.countDown();
        }
    }

    @Test
    void pruneIsRefusedWhileAnotherProcessHasTheStoreOpen() throws Exception {
        try (Valence valence = Valence.open(store())) {
            finish(valence.dispatch(Lattices.arithmetic().workflow(1, 2)));
            ReadCommandsIT.assertOneLineError(cli("prune"), ExitCodes.RUNNING, "another process");
        }
    }

    @Test
    void followOfAFailedDispatchExits1AtOnce() throws Exception {
        String id;
        try (Valence valence = Valence.open(store())) {
            id = finish(valence.dispatch(Lattices.failing().workflow(1))).id();
        }
        Cli.Result result = cli("show", id, "--follow");
        assertEquals(ExitCodes.FAILED, result.exit(), result::toString);
        assertTrue(result.out().contains("FAILED"), result::toString);
    }

    private static void waitFor(Cli.Running running, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Cli.PATIENCE_SECONDS);
        while (!running.outSoFar().contains(text)) {
            assertTrue(running.process().isAlive() || running.outSoFar().contains(text), "the command ended early");
            assertTrue(System.nanoTime() < deadline, "never printed " + text);
            Thread.sleep(50);
        }
    }
}
