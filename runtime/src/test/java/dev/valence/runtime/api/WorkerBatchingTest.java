package dev.valence.runtime.api;

import static dev.valence.runtime.api.Fixtures.INT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.valence.runtime.Stores;
import dev.valence.runtime.ValenceWorker;
import dev.valence.runtime.graph.ElectronRef;
import dev.valence.runtime.spi.execution.RemoteTask;
import dev.valence.runtime.spi.execution.TaskResult;
import dev.valence.runtime.spi.store.ForwardingResultStore;
import dev.valence.runtime.spi.store.ForwardingValueStore;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import dev.valence.runtime.spi.store.ValueStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker serving many small tasks ({@link ValenceWorker#run(RemoteTask, Consumer)}): their values
 * are stored in shared transactions, a value the store refuses fails its own task only, and an
 * argument many tasks share is read once.
 */
class WorkerBatchingTest {
    private static final String SHARED = "shared-argument";

    @TempDir
    Path work;

    private final ElectronRef<Integer> plus = Fixtures.<Integer>electron("plus")
            .parameter("a", INT)
            .parameter("b", INT)
            .returns(INT)
            .codeFingerprint("code-of-plus")
            .build(args -> (Integer) args[0] + (Integer) args[1]);

    /** A store that records each {@code putValues} call, can hold the next one, and can refuse values. */
    private static final class Watched extends ForwardingResultStore {
        final List<List<String>> writes = new CopyOnWriteArrayList<>();
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch heldWriteStarted = new CountDownLatch(1);
        final CountDownLatch releaseHeldWrite = new CountDownLatch(1);
        volatile boolean holdNextWrite;
        volatile Predicate<String> refused = fingerprint -> false;
        private final ValueStore values;

        Watched(ResultStore delegate) {
            super(delegate);
            this.values = new ForwardingValueStore(delegate.values()) {
                @Override
                public Optional<StoredValue> value(String fingerprint) {
                    reads.incrementAndGet();
                    return super.value(fingerprint);
                }

                @Override
                public void putValues(List<StoredValue> stored) {
                    writes.add(stored.stream().map(StoredValue::fingerprint).toList());
                    if (holdNextWrite) {
                        holdNextWrite = false;
                        heldWriteStarted.countDown();
                        await(releaseHeldWrite);
                    }
                    for (StoredValue value : stored) {
                        if (refused.test(value.fingerprint())) {
                            throw new StoreException("refused " + value.fingerprint(), null);
                        }
                    }
                    super.putValues(stored);
                }
            };
        }

        @Override
        public ValueStore values() {
            return values;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "timed out");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static StoredValue integer(String fingerprint, int value) {
        return new StoredValue(
                fingerprint, "json", INT, Integer.toString(value).getBytes(StandardCharsets.UTF_8), List.of());
    }

    /** A store holding the shared argument 40 and the arguments {@code arg-0} to {@code arg-9} (0 to 9). */
    private Watched store() {
        Watched store = new Watched(Stores.open(work.resolve("store").toString()));
        List<StoredValue> arguments = new ArrayList<>();
        arguments.add(integer(SHARED, 40));
        for (int i = 0; i < 10; i++) {
            arguments.add(integer("arg-" + i, i));
        }
        store.values().putValues(arguments);
        store.writes.clear();
        store.reads.set(0);
        return store;
    }

    /** {@code plus(40, second)}. */
    private RemoteTask task(int i, String second) {
        return task(i, second, Map.of());
    }

    /** {@code plus(40, second)}, with the given arguments carried in the task. */
    private RemoteTask task(int i, String second, Map<Integer, RemoteTask.Inline> inlined) {
        return new RemoteTask(
                "d/" + i,
                "d",
                i,
                "plus_" + i,
                plus.id(),
                "",
                plus.codeFingerprint(),
                List.of(SHARED, second),
                List.of(INT, INT),
                INT,
                null,
                inlined);
    }

    @Test
    void valuesOfTasksEndingWhileACommitRunsAreStoredInOneTransactionAndAnsweredOnlyOnceStored() {
        Watched store = store();
        Map<String, TaskResult> answers = new ConcurrentHashMap<>();
        CountDownLatch allAnswered = new CountDownLatch(10);
        Consumer<TaskResult> collect = answer -> {
            answers.put(answer.taskId(), answer);
            allAnswered.countDown();
        };
        try (ValenceWorker worker =
                ValenceWorker.builder().store(store).electron(plus).open()) {
            // The first value's write is held, so the next tasks' values queue up behind it.
            store.holdNextWrite = true;
            worker.run(task(0, "arg-0"), collect);
            await(store.heldWriteStarted);
            for (int i = 1; i < 10; i++) {
                worker.run(task(i, "arg-" + i), collect);
            }
            assertEquals(Map.of(), answers, "no task is answered before its value is stored");
            store.releaseHeldWrite.countDown();
            await(allAnswered);
        }
        assertEquals(10, answers.size());
        answers.values()
                .forEach(answer -> assertEquals(TaskResult.Outcome.COMPUTED, answer.outcome(), answer.errorLine()));
        assertEquals(
                2, store.writes.size(), "the held write, then the nine queued behind it together: " + store.writes);
        assertEquals(9, store.writes.get(1).size(), store.writes.toString());
        try (ResultStore reopened = Stores.open(work.resolve("store").toString())) {
            for (TaskResult answer : answers.values()) {
                assertTrue(reopened.values().value(answer.valueFingerprint()).isPresent(), "durable: " + answer);
            }
        }
    }

    @Test
    void aValueTheStoreRefusesFailsItsOwnTaskOnlyAndTheOthersInItsBatchAreStored() {
        Watched store = store();
        Map<String, TaskResult> answers = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(4);
        Consumer<TaskResult> collect = answer -> {
            answers.put(answer.taskId(), answer);
            answered.countDown();
        };
        try (ValenceWorker worker =
                ValenceWorker.builder().store(store).electron(plus).open()) {
            TaskResult probe = worker.run(task(9, "arg-1"));
            assertEquals(TaskResult.Outcome.COMPUTED, probe.outcome(), probe.errorLine());
            // 40 + 1 is refused from now on: in a batch with others, only its task fails.
            store.refused = probe.valueFingerprint()::equals;
            store.holdNextWrite = true;
            worker.run(task(0, "arg-0"), collect);
            await(store.heldWriteStarted);
            worker.run(task(1, "arg-1"), collect);
            worker.run(task(2, "arg-2"), collect);
            worker.run(task(3, "arg-3"), collect);
            store.releaseHeldWrite.countDown();
            await(answered);
        }
        assertEquals(TaskResult.Outcome.FAILED, answers.get("d/1").outcome());
        assertTrue(
                answers.get("d/1").errorMessage().contains("refused"),
                answers.get("d/1").errorLine());
        for (String stored : List.of("d/0", "d/2", "d/3")) {
            assertEquals(
                    TaskResult.Outcome.COMPUTED,
                    answers.get(stored).outcome(),
                    answers.get(stored).errorLine());
        }
        assertTrue(
                store.writes.stream().anyMatch(batch -> batch.size() == 3),
                "the three queued values were tried together first: " + store.writes);
    }

    @Test
    void anArgumentCarriedInTheTaskIsNotReadFromTheStore() {
        Watched store = store();
        RemoteTask task = task(
                1,
                "fingerprint-of-2-not-in-the-store",
                Map.of(1, new RemoteTask.Inline("json", INT, "2".getBytes(StandardCharsets.UTF_8))));
        TaskResult answer;
        try (ValenceWorker worker =
                ValenceWorker.builder().store(store).electron(plus).open()) {
            answer = worker.run(task);
        }
        assertEquals(TaskResult.Outcome.COMPUTED, answer.outcome(), answer.errorLine());
        assertEquals(1, store.reads.get(), "only the shared argument is read");
        try (ResultStore reopened = Stores.open(work.resolve("store").toString())) {
            StoredValue value =
                    reopened.values().value(answer.valueFingerprint()).orElseThrow();
            assertEquals("42", new String(value.data(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aTaskRefusesAnInlinedArgumentOutsideItsArguments() {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> task(1, SHARED, Map.of(2, new RemoteTask.Inline("json", INT, new byte[] {'2'}))));
        assertTrue(refused.getMessage().contains("position 2 of a task with 2 arguments"), refused.getMessage());
    }

    @Test
    void anArgumentManyTasksShareIsReadOnce() {
        Watched store = store();
        try (ValenceWorker worker =
                ValenceWorker.builder().store(store).electron(plus).open()) {
            for (int i = 0; i < 10; i++) {
                TaskResult answer = worker.run(task(i, "arg-" + (i % 2)));
                assertEquals(TaskResult.Outcome.COMPUTED, answer.outcome(), answer.errorLine());
            }
        }
        assertEquals(3, store.reads.get(), "the shared argument, arg-0 and arg-1, each read once for 10 tasks");
        assertEquals(2, store.writes.stream().distinct().count(), "two distinct values: " + store.writes);
    }
}
