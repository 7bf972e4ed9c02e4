package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static dev.valence.runtime.api.Fixtures.PATIENCE;
import static dev.valence.runtime.api.Fixtures.STRING;
import static dev.valence.runtime.api.Fixtures.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.DispatchResult;
import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeResult;
import dev.valence.runtime.OutputCapture;
import dev.valence.runtime.Valence;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.graph.Handle;
import dev.valence.runtime.graph.LatticeRef;
import dev.valence.runtime.spi.store.CapturedOutput;
import java.nio.file.Path;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Java electrons print is captured per node, stored, and read back from a new process. */
class CapturedOutputTest {
    @TempDir
    Path work;

    private static ElectronRef<Integer> talker() {
        return Fixtures.<Integer>electron("talker")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    System.out.println("hello from the electron " + args[0]);
                    System.err.println("a warning " + args[0]);
                    Thread helper = new Thread(() -> System.out.println("and from a thread it started"));
                    helper.start();
                    helper.join();
                    return (Integer) args[0];
                });
    }

    private static LatticeRef<Integer> single(ElectronRef<Integer> electron) {
        return Fixtures.lattice("single", INT, (graph, in) -> graph.call(electron, in.get(0)), INT);
    }

    @Test
    void anElectronsOutputFromItsThreadAndItsChildThreadSurvivesIntoANewProcess() throws Exception {
        Path store = work.resolve("store");
        String id;
        try (Valence valence = Valence.open(store)) {
            DispatchResult<Integer> result =
                    finish(valence.dispatch(single(talker()).workflow(7)));
            id = result.id();
            NodeResult node = result.node("talker");
            assertEquals("hello from the electron 7\nand from a thread it started\n", node.stdout());
            assertEquals("a warning 7\n", node.stderr());
        }
        assertEquals(
                "STDOUT[hello from the electron 7\nand from a thread it started\n] STDERR[a warning 7\n]",
                StoreClient.run(work, "output", store.toString(), id, "talker").strip());
    }

    @Test
    void aFailingElectronsOutputIsKeptWithItsError() {
        ElectronRef<Integer> failing = Fixtures.<Integer>electron("failing")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    System.out.println("about to fail");
                    throw new IllegalStateException("failed on purpose");
                });
        try (Valence valence = Valence.open(work.resolve("store"))) {
            DispatchResult<Integer> result =
                    finish(valence.dispatch(single(failing).workflow(1)));
            assertEquals(DispatchStatus.FAILED, result.status());
            assertEquals("about to fail\n", result.node("failing").stdout());
        }
    }

    @Test
    void onlyTheEndOfALongOutputIsKeptWithItsFullSize() {
        ElectronRef<Integer> chatty = Fixtures.<Integer>electron("chatty")
                .parameter("x", INT)
                .returns(INT)
                .build(args -> {
                    for (int line = 0; line < 20_000; line++) {
                        System.out.printf("line %05d%n", line); // 11 bytes each
                    }
                    return 0;
                });
        try (Valence valence = Valence.open(work.resolve("store"))) {
            NodeResult node =
                    finish(valence.dispatch(single(chatty).workflow(1))).node("chatty");
            CapturedOutput.Stream stdout = node.output().orElseThrow().stdout();
            assertEquals(220_000, stdout.bytes());
            assertTrue(stdout.truncated());
            assertEquals(OutputCapture.TAIL_BYTES, stdout.text().length());
            assertTrue(
                    stdout.text().endsWith("line 19998\nline 19999\n"),
                    stdout.text().substring(0, 40));
            assertFalse(node.output().orElseThrow().stderr().truncated());
        }
    }

    /** Two electrons printing at the same time on two threads: each node holds only its own lines. */
    @Test
    void parallelElectronsKeepTheirOutputsApart() {
        CyclicBarrier together = new CyclicBarrier(2);
        ElectronRef<String> speaker = Fixtures.<String>electron("speaker")
                .parameter("who", STRING)
                .returns(STRING)
                .build(args -> {
                    together.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    for (int i = 0; i < 500; i++) {
                        System.out.println(args[0]);
                    }
                    return (String) args[0];
                });
        LatticeRef<String> pair = Fixtures.lattice(
                "pair",
                STRING,
                (graph, in) -> {
                    Handle<String> left = graph.call(speaker, in.get(0));
                    graph.call(speaker, in.get(1));
                    return left;
                },
                STRING,
                STRING);
        try (Valence valence = Valence.builder()
                .folder(work.resolve("store"))
                .threads(2)
                .output(OutputCapture.CAPTURE_ONLY)
                .open()) {
            DispatchResult<String> result = finish(valence.dispatch(pair.workflow("left", "right")));
            assertEquals("left\n".repeat(500), result.node("speaker[p0]").stdout());
            assertEquals("right\n".repeat(500), result.node("speaker[p1]").stdout());
        }
    }

    @Test
    void withCaptureOffNothingIsStored() {
        try (Valence valence = Valence.builder()
                .folder(work.resolve("store"))
                .output(OutputCapture.OFF)
                .open()) {
            NodeResult node =
                    finish(valence.dispatch(single(talker()).workflow(3))).node("talker");
            assertEquals("", node.stdout());
            assertTrue(node.output().isEmpty());
        }
    }
}
