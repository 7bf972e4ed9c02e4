package dev.valence.runtime.contract;

import static dev.valence.runtime.contract.Records.completed;
import static dev.valence.runtime.contract.Records.dispatch;
import static dev.valence.runtime.contract.Records.failed;
import static dev.valence.runtime.contract.Records.input;
import static dev.valence.runtime.contract.Records.now;
import static dev.valence.runtime.contract.Records.pending;
import static dev.valence.runtime.contract.Records.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.valence.runtime.DispatchStatus;
import dev.valence.runtime.NodeStatus;
import dev.valence.runtime.Pruned;
import dev.valence.runtime.spi.store.BlobRef;
import dev.valence.runtime.spi.store.BlobStore;
import dev.valence.runtime.spi.store.CachedResult;
import dev.valence.runtime.spi.store.CapturedOutput;
import dev.valence.runtime.spi.store.Coordination;
import dev.valence.runtime.spi.store.DispatchRecord;
import dev.valence.runtime.spi.store.FreeKey;
import dev.valence.runtime.spi.store.Housekeeping;
import dev.valence.runtime.spi.store.NodeOutcome;
import dev.valence.runtime.spi.store.NodeRecord;
import dev.valence.runtime.spi.store.RecordedFailure;
import dev.valence.runtime.spi.store.ResultStore;
import dev.valence.runtime.spi.store.StoreException;
import dev.valence.runtime.spi.store.StoredValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contract: the same tests against every {@link ResultStore} (in-memory, SQLite,
 * PostgreSQL), through the store SPI and through the public API ({@link DispatchContract}), so
 * that the stores cannot drift apart. A subclass opens its store and declares, with {@link
 * #lacks()}, what its store legitimately does not do; a test of a lacking capability checks the
 * store says so (for example that a single-process store returns {@link
 * Coordination#singleProcess()}) instead of passing silently.
 */
public abstract class StoreContract extends DispatchContract {

    @TempDir
    protected Path work;

    protected ResultStore store;
    private final List<ResultStore> openings = new ArrayList<>();

    @BeforeEach
    void openTheStore() {
        store = openStore();
    }

    @AfterEach
    void closeTheStores() {
        for (ResultStore opening : openings) {
            closeQuietly(opening);
        }
        closeQuietly(store);
        afterStores();
    }

    /** Runs after every store of the test is closed: a subclass drops what it made for the test. */
    protected void afterStores() {}

    private static void closeQuietly(ResultStore opened) {
        try {
            opened.close();
        } catch (RuntimeException e) {
            // Closed already (a Valence instance closes the store it was given).
        }
    }

    @Override
    protected final ResultStore store() {
        return store;
    }

    /** A second opening of the store, as another process would open it; closed after the test. */
    @Override
    protected final ResultStore second() {
        ResultStore opening = reopen();
        openings.add(opening);
        return opening;
    }

    // ---------------------------------------------------------------- dispatch log

    @Test
    void aDispatchReadsBackWithItsNodesReplacementsAndValues() {
        Instant created = now();
        StoredValue given = value("given");
        List<NodeRecord> nodes = List.of(input(0, given), pending(1, "k1", List.of(0)), pending(2, "k2", List.of(1)));
        store.dispatchLog().createDispatch(dispatch("d1", created), nodes, List.of(given));

        DispatchRecord read = store.dispatchLog().dispatch("d1").orElseThrow();
        assertEquals(dispatch("d1", created), read);
        assertEquals(nodes, store.dispatchLog().nodes("d1"));
        assertArrayEquals(
                given.data(),
                store.values().value(given.fingerprint()).orElseThrow().data());
        assertEquals(Optional.empty(), store.dispatchLog().dispatch("nope"));
        assertEquals(List.of(), store.dispatchLog().nodes("nope"));
        assertEquals(List.of(nodes.get(0)), store.dispatchLog().inputs("d1"), "its input nodes only");
        assertEquals(List.of(), store.dispatchLog().inputs("nope"));
        assertEquals(Optional.of(nodes.get(2)), store.dispatchLog().node("d1", 2), "one node by index");
        assertEquals(Optional.of(nodes.get(0)), store.dispatchLog().node("d1", 0));
        assertEquals(Optional.empty(), store.dispatchLog().node("d1", 3));
        assertEquals(Optional.empty(), store.dispatchLog().node("nope", 0));
    }

    @Test
    void nodesThatHaveNotStartedReadBackEverywhereUntilTheyStartOrEnd() throws Exception {
        StoredValue given = value("given");
        List<NodeRecord> nodes = new ArrayList<>();
        nodes.add(input(0, given));
        for (int i = 1; i <= 2_000; i++) {
            // Names repeat, as in a fan-out, and some end in text outside ASCII.
            nodes.add(Records.notStarted(i, i % 3 == 0 ? "sq\u00fcare" : "call" + i, List.of(0, i - 1)));
        }
        store.dispatchLog().createDispatch(dispatch("d1", now()), nodes, List.of(given));

        assertEquals(nodes, store.dispatchLog().nodes("d1"));
        assertEquals(Optional.of(nodes.get(1_500)), store.dispatchLog().node("d1", 1_500));
        assertEquals(List.of(nodes.get(0)), store.dispatchLog().inputs("d1"));
        assertEquals(Optional.empty(), store.dispatchLog().node("d1", 2_001));

        NodeRecord started = Records.running(7, "k7", now());
        store.dispatchLog().startNode("d1", started);
        NodeRecord done = completed(9, "k9", value("9"), now());
        store.dispatchLog().finishNode("d1", done, value("9"), true).get(30, TimeUnit.SECONDS);
        List<NodeRecord> expected = new ArrayList<>(nodes);
        expected.set(7, started);
        expected.set(9, done);
        assertEquals(expected, store.dispatchLog().nodes("d1"));
        assertEquals(Optional.of(done), store.dispatchLog().node("d1", 9));
        assertEquals(Optional.of(nodes.get(8)), store.dispatchLog().node("d1", 8));
        if (!lacks().contains(Capability.SECOND_OPENING)) {
            store.dispatchLog().checkpoint();
            ResultStore other = second();
            assertEquals(expected, other.dispatchLog().nodes("d1"));
            assertEquals(Optional.of(nodes.get(2_000)), other.dispatchLog().node("d1", 2_000));
            assertEquals(Optional.of(done), other.dispatchLog().node("d1", 9));
            assertEquals(List.of(nodes.get(0)), other.dispatchLog().inputs("d1"));
        }
    }

    @Test
    void dispatchesAreListedOldestFirst() {
        Instant first = now();
        store.dispatchLog().createDispatch(dispatch("b-older", first), List.of(), List.of());
        store.dispatchLog().createDispatch(dispatch("a-newer", first.plusSeconds(1)), List.of(), List.of());
        assertEquals(
                List.of("b-older", "a-newer"),
                store.dispatchLog().dispatches().stream()
                        .map(DispatchRecord::id)
                        .toList());
    }

    @Test
    void aFinishedNodeIsVisibleAtOnceAndDurableWhenItsFutureCompletes() throws Exception {
        StoredValue given = value("1");
        store.dispatchLog()
                .createDispatch(
                        dispatch("d1", now()), List.of(input(0, given), pending(1, "k", List.of(0))), List.of(given));
        StoredValue result = value("result");
        NodeRecord done = completed(1, "k", result, now());
        var durable = store.dispatchLog().finishNode("d1", done, result, true);

        // Before the future completes: this process reads its own write.
        assertEquals(done, store.dispatchLog().nodes("d1").get(1));
        assertEquals(Optional.of(done), store.dispatchLog().node("d1", 1), "the pending record, by index");
        assertEquals(
                result.fingerprint(),
                store.resultIndex().lookup("k", null).orElseThrow().valueFingerprint());
        assertArrayEquals(
                result.data(),
                store.values().value(result.fingerprint()).orElseThrow().data());
        assertEquals(Optional.empty(), store.values().whyUnusable(result.fingerprint()));

        durable.get(30, TimeUnit.SECONDS);
        assertEquals(done, store.dispatchLog().nodes("d1").get(1));
        assertEquals(Optional.of(done), store.dispatchLog().node("d1", 1));
        if (!lacks().contains(Capability.SECOND_OPENING)) {
            ResultStore other = second();
            assertEquals(done, other.dispatchLog().nodes("d1").get(1));
            assertEquals(Optional.of(done), other.dispatchLog().node("d1", 1));
            CachedResult hit = other.resultIndex().lookup("k", null).orElseThrow();
            assertEquals(new CachedResult(result.fingerprint(), "d1", 1, "json"), hit);
            assertArrayEquals(
                    result.data(),
                    other.values().value(result.fingerprint()).orElseThrow().data());
        }
    }

    @Test
    void aStartedNodeIsSeenRunningByASecondOpeningWithinASecond() throws Exception {
        assumeCapable(Capability.SECOND_OPENING);
        store.dispatchLog()
                .createDispatch(
                        dispatch("d1", now()),
                        List.of(input(0, value("1")), pending(1, "k", List.of(0))),
                        List.of(value("1")));
        ResultStore other = second();
        Instant started = now();
        store.dispatchLog().startNode("d1", Records.running(1, "k", started));
        long begin = System.nanoTime();
        NodeRecord seen = other.dispatchLog().nodes("d1").get(1);
        while (seen.status() != NodeStatus.RUNNING
                && System.nanoTime() - begin < Duration.ofSeconds(5).toNanos()) {
            Thread.sleep(20);
            seen = other.dispatchLog().nodes("d1").get(1);
        }
        long waited = (System.nanoTime() - begin) / 1_000_000;
        assertEquals(NodeStatus.RUNNING, seen.status());
        assertEquals(started, seen.startedAt());
        assertTrue(waited < 1500, "seen after " + waited + " ms; the SPI asks for about a second");

        // A later end of the same node wins over its start, in this opening and the other.
        NodeRecord done = completed(1, "k", value("2"), now());
        store.dispatchLog().finishNode("d1", done, value("2"), true).get(30, TimeUnit.SECONDS);
        assertEquals(done, store.dispatchLog().nodes("d1").get(1));
        assertEquals(done, other.dispatchLog().nodes("d1").get(1));
    }

    @Test
    void capturedOutputIsKeptWithItsNode() throws Exception {
        store.dispatchLog().createDispatch(dispatch("d1", now()), List.of(pending(0, "k", List.of())), List.of());
        CapturedOutput output = new CapturedOutput(
                new CapturedOutput.Stream("…the end of it\n", 70_000, true), new CapturedOutput.Stream("", 0, false));
        NodeRecord done = Records.withOutput(completed(0, "k", value("v"), now()), output);
        store.dispatchLog().finishNode("d1", done, value("v"), true).get(30, TimeUnit.SECONDS);
        store.dispatchLog().checkpoint();
        assertEquals(output, store.dispatchLog().nodes("d1").get(0).output());
        if (!lacks().contains(Capability.SECOND_OPENING)) {
            assertEquals(output, second().dispatchLog().nodes("d1").get(0).output());
        }
    }

    @Test
    void aDispatchEndReadsBackEverywhere() {
        store.dispatchLog().createDispatch(dispatch("d1", now()), List.of(), List.of());
        Instant ended = now();
        store.dispatchLog().finishDispatch("d1", DispatchStatus.FAILED, ended, "node x failed: boom");
        DispatchRecord read = store.dispatchLog().dispatch("d1").orElseThrow();
        assertEquals(DispatchStatus.FAILED, read.status());
        assertEquals(ended, read.endedAt());
        assertEquals("node x failed: boom", read.error());
        if (!lacks().contains(Capability.SECOND_OPENING)) {
            assertEquals(read, second().dispatchLog().dispatch("d1").orElseThrow());
        }
    }

    @Test
    void aRunningDispatchWhoseProcessLapsedReadsInterruptedElsewhere() {
        assumeCapable(Capability.SECOND_OPENING);
        Instant now = Instant.now();
        // The owner announced itself, then stopped renewing: its announcement lapsed a second ago.
        store.coordination().announce("dead-owner", now.minusSeconds(1));
        store.dispatchLog().createDispatch(dispatch("d1", now()), List.of(), List.of());
        ResultStore other = second();
        other.coordination().announce("live-owner", now.plusSeconds(5));
        assertEquals(
                DispatchStatus.INTERRUPTED,
                other.dispatchLog().dispatch("d1").orElseThrow().status());

        store.coordination().announce("dead-owner", Instant.now().plusSeconds(5));
        assertEquals(
                DispatchStatus.RUNNING,
                other.dispatchLog().dispatch("d1").orElseThrow().status(),
                "a live owner's dispatch is running, however long it takes");
    }

    @Test
    void aRequestToCancelReachesTheRunningProcessUntilTheDispatchEnds() {
        store.dispatchLog().createDispatch(dispatch("d1", now()), List.of(), List.of());
        if (lacks().contains(Capability.CANCEL_REQUESTS)) {
            assertFalse(store.dispatchLog().requestCancel("d1"), "a store without other processes has nobody to ask");
            assertEquals(Set.of(), store.dispatchLog().cancelRequests(List.of("d1")));
            return;
        }
        ResultStore asker = lacks().contains(Capability.SECOND_OPENING) ? store : second();
        assertFalse(asker.dispatchLog().requestCancel("unknown"));
        assertTrue(asker.dispatchLog().requestCancel("d1"));
        assertTrue(asker.dispatchLog().requestCancel("d1"), "asking twice is still a yes");
        assertEquals(Set.of("d1"), store.dispatchLog().cancelRequests(List.of("d1", "other")));
        assertEquals(Set.of(), store.dispatchLog().cancelRequests(List.of()));

        store.dispatchLog().finishDispatch("d1", DispatchStatus.CANCELLED, now(), null);
        assertEquals(Set.of(), store.dispatchLog().cancelRequests(List.of("d1")), "answered when it ended");
        assertFalse(asker.dispatchLog().requestCancel("d1"), "an ended dispatch cannot be cancelled");
    }

    // ---------------------------------------------------------------- result index

    @Test
    void theKeyIndexFindsResultsOfTheStoreOrOfOneDispatch() throws Exception {
        StoredValue v1 = value("v1");
        StoredValue v2 = value("v2");
        store.dispatchLog()
                .createDispatch(
                        dispatch("a", now()),
                        List.of(pending(0, "k", List.of()), pending(1, "unindexed", List.of())),
                        List.of());
        store.dispatchLog()
                .createDispatch(
                        dispatch("b", now().plusMillis(1)),
                        List.of(pending(0, "k", List.of()), pending(1, "x", List.of())),
                        List.of());
        store.dispatchLog()
                .finishNode("a", completed(0, "k", v1, now()), v1, true)
                .get(30, TimeUnit.SECONDS);
        store.dispatchLog()
                .finishNode("a", completed(1, "unindexed", v2, now()), v2, false)
                .get(30, TimeUnit.SECONDS);
        // b reused a's result: its own hit points at where the value was computed.
        store.dispatchLog()
                .finishNode("b", Records.reused(0, "k", v1, "a", 0, now()), null, false)
                .get(30, TimeUnit.SECONDS);
        store.dispatchLog().checkpoint();

        for (ResultStore reader : readers()) {
            assertEquals(
                    "a", reader.resultIndex().lookup("k", null).orElseThrow().dispatchId());
            assertEquals(Optional.empty(), reader.resultIndex().lookup("unindexed", null), "not indexed");
            assertEquals(
                    v2.fingerprint(),
                    reader.resultIndex().lookup("unindexed", "a").orElseThrow().valueFingerprint(),
                    "a dispatch's own nodes are found by Reuse.from, indexed or not");
            CachedResult fromB = reader.resultIndex().lookup("k", "b").orElseThrow();
            assertEquals(List.of("a", 0), List.of(fromB.dispatchId(), fromB.nodeIndex()));
            assertEquals(Optional.empty(), reader.resultIndex().lookup("k", "unknown"));
            assertEquals(Optional.empty(), reader.resultIndex().lookup("x", null));
        }
    }

    @Test
    void manyKeysAreLookedUpAtOnceAsEachAlone() throws Exception {
        // More keys than one statement of the SQLite store takes, so that its chunks and their padding count.
        int count = 450;
        List<NodeRecord> nodes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            nodes.add(pending(i, "many-" + i, List.of()));
            keys.add("many-" + i);
        }
        store.dispatchLog().createDispatch(dispatch("many", now()), nodes, List.of());
        for (int i = 0; i < count; i += 2) {
            StoredValue v = value("many-value-" + i);
            store.dispatchLog()
                    .finishNode("many", completed(i, "many-" + i, v, now()), v, true)
                    .get(30, TimeUnit.SECONDS);
        }
        store.dispatchLog().checkpoint();
        // One more, not waited for: this process sees it at once, in the batch as alone.
        StoredValue late = value("many-value-late");
        store.dispatchLog().finishNode("many", completed(1, "many-1", late, now()), late, true);
        keys.add("never-stored");

        Map<String, CachedResult> found = store.resultIndex().lookupAll(keys, null);
        assertEquals(count / 2 + 1, found.size(), "the even keys and the late one");
        assertEquals(late.fingerprint(), found.get("many-1").valueFingerprint());
        for (String key : keys) {
            assertEquals(store.resultIndex().lookup(key, null), Optional.ofNullable(found.get(key)), key);
        }
        assertEquals(
                store.resultIndex().lookup("many-4", "many"),
                Optional.ofNullable(store.resultIndex().lookupAll(keys, "many").get("many-4")),
                "one dispatch's results too");
        assertEquals(Map.of(), store.resultIndex().lookupAll(List.of(), null));
    }

    @Test
    void theLatestReusableFailureIsFoundUnlessALaterSuccessOverridesIt() throws Exception {
        Instant t = now();
        store.dispatchLog()
                .createDispatch(
                        dispatch("a", t),
                        List.of(pending(0, "k", List.of()), pending(1, "valenceFailed", List.of())),
                        List.of());
        store.dispatchLog()
                .finishNode("a", failed(0, "k", NodeOutcome.ELECTRON_FAILED, "boom\n\tat x", t), null, false)
                .get(30, TimeUnit.SECONDS);
        store.dispatchLog()
                .finishNode("a", failed(1, "valenceFailed", NodeOutcome.FAILED, "store full", t), null, false)
                .get(30, TimeUnit.SECONDS);
        for (ResultStore reader : readers()) {
            assertEquals(
                    Optional.of(new RecordedFailure("a", 0, "boom\n\tat x")),
                    reader.resultIndex().lookupFailure("k", null));
            assertEquals(
                    Optional.of(new RecordedFailure("a", 0, "boom\n\tat x")),
                    reader.resultIndex().lookupFailure("k", "a"));
            assertEquals(Optional.empty(), reader.resultIndex().lookupFailure("k", "b"));
            assertEquals(
                    Optional.empty(),
                    reader.resultIndex().lookupFailure("valenceFailed", null),
                    "a failure of Valence around the call is never replayed");
        }
    }

    // ---------------------------------------------------------------- values

    @Test
    void valuesStoredAheadOfTheirNodeAreFoundOnceTheNodeIsRecordedWithoutIt() throws Exception {
        StoredValue computed = value("computed by a worker");
        store.values().putValues(List.of(computed, computed));
        store.dispatchLog().createDispatch(dispatch("d1", now()), List.of(pending(0, "k", List.of())), List.of());
        store.dispatchLog()
                .finishNode("d1", completed(0, "k", computed, now()), null, true)
                .get(30, TimeUnit.SECONDS);
        for (ResultStore reader : readers()) {
            CachedResult hit = reader.resultIndex().lookup("k", null).orElseThrow();
            assertEquals(computed.fingerprint(), hit.valueFingerprint());
            assertEquals(Optional.empty(), reader.values().whyUnusable(computed.fingerprint()));
            assertArrayEquals(
                    computed.data(),
                    reader.values().value(computed.fingerprint()).orElseThrow().data());
        }
    }

    @Test
    void aValueAlreadyStoredIsKeptAsItIs() {
        StoredValue first = value("same");
        store.values().putValues(List.of(first));
        store.values().putValues(List.of(new StoredValue(first.fingerprint(), "raw", "byte[]", new byte[] {1})));
        StoredValue read = store.values().value(first.fingerprint()).orElseThrow();
        assertEquals("json", read.codec());
        assertArrayEquals(first.data(), read.data());
        assertTrue(store.values().whyUnusable(Records.hash("never stored")).isPresent());
        assertEquals(Optional.empty(), store.values().value(Records.hash("never stored")));
    }

    @Test
    void aDamagedValueIsReportedNeverReusedAndReplaced() {
        assumeCapable(Capability.DAMAGE);
        StoredValue good = value("to damage");
        store.values().putValues(List.of(good));
        damageValue(good.fingerprint());
        ResultStore reader = lacks().contains(Capability.SECOND_OPENING) ? store : second();
        StoreException failure =
                assertThrows(StoreException.class, () -> reader.values().value(good.fingerprint()));
        assertTrue(failure.getMessage().contains("damaged"), failure.getMessage());
        assertTrue(reader.values().whyUnusable(good.fingerprint()).orElseThrow().contains("checksum"));

        reader.values().replaceValue(good);
        assertArrayEquals(
                good.data(),
                reader.values().value(good.fingerprint()).orElseThrow().data());
        assertEquals(Optional.empty(), reader.values().whyUnusable(good.fingerprint()));
    }

    @Test
    void aValueWhoseBlobIsMissingIsUnusable() {
        assumeCapable(Capability.BLOBS);
        BlobRef blob = store.blobs().put(new ByteArrayInputStream(bytes(1000, 7)));
        StoredValue refers = new StoredValue(
                Records.hash("with blob"),
                "json",
                "Result",
                new byte[] {1, 2},
                List.of(blob.sha256(), Records.hash("a blob never stored")));
        store.values().putValues(List.of(refers));
        assertEquals(
                List.of(blob.sha256(), Records.hash("a blob never stored")).stream()
                        .sorted()
                        .toList(),
                store.values().value(refers.fingerprint()).orElseThrow().blobs().stream()
                        .sorted()
                        .toList());
        assertTrue(
                store.values().whyUnusable(refers.fingerprint()).orElseThrow().contains("missing"));
    }

    // ---------------------------------------------------------------- blobs

    @Test
    void blobsRoundTripAndAreContentAddressed() throws IOException {
        if (lacks().contains(Capability.BLOBS)) {
            assertThrows(UnsupportedOperationException.class, store::blobs);
            return;
        }
        BlobStore blobs = store.blobs();
        byte[] content = bytes(3 * 1024 * 1024 + 17, 1);
        BlobRef ref = blobs.put(new ByteArrayInputStream(content));
        assertEquals(new BlobRef(Records.sha256(content), content.length), ref);
        assertEquals(ref, blobs.put(new ByteArrayInputStream(content)), "the same content has the same name");
        Path file = Files.write(work.resolve("handed-over"), content);
        assertEquals(ref, blobs.put(file));
        assertFalse(Files.exists(file), "a file put is taken over");

        for (ResultStore reader : readers()) {
            BlobStore read = reader.blobs();
            assertTrue(read.contains(ref.sha256()));
            assertTrue(read.isIntact(ref.sha256()));
            assertEquals(content.length, read.size(ref.sha256()));
            try (InputStream in = read.open(ref.sha256())) {
                assertArrayEquals(content, in.readAllBytes());
            }
            Path made = read.materialize(ref.sha256(), "frame.png");
            assertEquals("frame.png", made.getFileName().toString());
            assertArrayEquals(content, Files.readAllBytes(made));
            assertEquals(made, read.materialize(ref.sha256(), "frame.png"), "made once, reused");
        }
        String absent = Records.hash("absent");
        assertFalse(blobs.contains(absent));
        assertFalse(blobs.isIntact(absent));
        assertThrows(StoreException.class, () -> blobs.open(absent));
        assertThrows(StoreException.class, () -> blobs.size(absent));
        assertEquals(new BlobRef(Records.sha256(new byte[0]), 0), blobs.put(new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void aDamagedBlobIsRefusedAndRepairedByThePutOfItsContent() throws IOException {
        assumeCapable(Capability.BLOBS);
        assumeCapable(Capability.DAMAGE);
        byte[] content = bytes(2 * 1024 * 1024 + 5, 3);
        BlobRef ref = store.blobs().put(new ByteArrayInputStream(content));
        damageBlob(ref.sha256());
        ResultStore reader = lacks().contains(Capability.SECOND_OPENING) ? store : second();
        assertTrue(reader.blobs().contains(ref.sha256()));
        assertFalse(reader.blobs().isIntact(ref.sha256()));
        StoreException refused =
                assertThrows(StoreException.class, () -> reader.blobs().open(ref.sha256()));
        assertTrue(refused.getMessage().contains("does not match its hash"), refused.getMessage());
        assertThrows(StoreException.class, () -> reader.blobs().materialize(ref.sha256(), "out.bin"));

        assertEquals(ref, reader.blobs().put(new ByteArrayInputStream(content)));
        assertTrue(reader.blobs().isIntact(ref.sha256()));
        try (InputStream in = reader.blobs().open(ref.sha256())) {
            assertArrayEquals(content, in.readAllBytes());
        }
    }

    // ---------------------------------------------------------------- coordination

    @Test
    void leasesAreExclusiveTakenOverAfterExpiryAndFencedByTheirToken() {
        Coordination leases = store.coordination();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        if (lacks().contains(Capability.SHARED_COORDINATION)) {
            assertSame(Coordination.singleProcess(), leases, "a single-process store says so explicitly");
            return;
        }
        assertEquals(0, leases.tokenIfFree("k", "a"), "a key never leased is free at token 0");
        assertTrue(leases.tokenIs("k", 0));

        long first = leases.takeLease("k", "a", t0, t0.plusSeconds(1));
        assertTrue(first > 0, "a take draws a token: " + first);
        assertEquals(first, leases.takeLease("k", "a", t0, t0.plusSeconds(2)), "renewing keeps the token");
        assertEquals(first, leases.tokenIfFree("k", "a"), "the holder sees its own lease as free");
        assertEquals(-1, leases.tokenIfFree("k", "b"), "another owner's lease row is not free");
        assertEquals(-1, leases.takeLease("k", "b", t0.plusSeconds(1), t0.plusSeconds(5)), "unexpired");
        assertFalse(leases.tryLease("k", "b", t0.plusSeconds(1), t0.plusSeconds(5)));
        assertTrue(leases.tokenIs("k", first), "a refused take moves nothing");

        long second = leases.takeLease("k", "b", t0.plusSeconds(3), t0.plusSeconds(5));
        assertTrue(second > first, "taken over after expiry: " + first + " then " + second);
        assertFalse(leases.tokenIs("k", first), "the old holder is fenced out");
        assertFalse(leases.tryLease("k", "a", t0.plusSeconds(3), t0.plusSeconds(6)), "and cannot take it back");

        leases.renewLeases("b", t0.plusSeconds(10));
        assertEquals(-1, leases.takeLease("k", "a", t0.plusSeconds(7), t0.plusSeconds(8)), "renewed past 7 s");

        leases.releaseLease("k", "a");
        assertEquals(-1, leases.tokenIfFree("k", "a"), "a release by a non-holder changes nothing");
        leases.releaseLease("k", "b");
        assertEquals(second, leases.tokenIfFree("k", "a"), "the token outlives the lease");
        long third = leases.takeLease("k", "a", t0.plusSeconds(7), t0.plusSeconds(9));
        assertTrue(third > second, "a take after a release moves on");
        assertTrue(leases.tokenIs("other", 0), "tokens are per key");
    }

    @Test
    void lookupIfFreeAgreesWithTokenIfFreeAndLookupInEveryState() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        assertEquals(
                Optional.of(new FreeKey(store.coordination().tokenIfFree("k", "a"), Optional.empty())),
                store.lookupIfFree("k", "a", null),
                "a key never leased nor computed");

        StoredValue given = value("1");
        store.dispatchLog()
                .createDispatch(
                        dispatch("d1", now()), List.of(input(0, given), pending(1, "k", List.of(0))), List.of(given));
        StoredValue result = value("result");
        var durable = store.dispatchLog().finishNode("d1", completed(1, "k", result, now()), result, true);
        CachedResult hit = store.resultIndex().lookup("k", null).orElseThrow();
        assertEquals(
                Optional.of(hit),
                store.lookupIfFree("k", "a", null).orElseThrow().found(),
                "pending, this process");
        durable.get(30, TimeUnit.SECONDS);
        assertEquals(
                Optional.of(hit),
                store.lookupIfFree("k", "a", null).orElseThrow().found(),
                "committed");
        assertEquals(
                Optional.of(hit),
                store.lookupIfFree("k", "a", "d1").orElseThrow().found(),
                "within its dispatch");
        assertEquals(
                Optional.empty(),
                store.lookupIfFree("k", "a", "other").orElseThrow().found());

        if (lacks().contains(Capability.SHARED_COORDINATION)) {
            return;
        }
        long token = store.coordination().takeLease("k", "b", t0, t0.plusSeconds(1));
        assertEquals(Optional.empty(), store.lookupIfFree("k", "a", null), "another owner's lease row is not free");
        assertEquals(Optional.of(new FreeKey(token, Optional.of(hit))), store.lookupIfFree("k", "b", null), "its own");
        store.coordination().releaseLease("k", "b");
        assertEquals(
                Optional.of(new FreeKey(token, Optional.of(hit))),
                store.lookupIfFree("k", "a", null),
                "released: free, under the token that outlives the lease");
        if (!lacks().contains(Capability.SECOND_OPENING)) {
            assertEquals(Optional.of(new FreeKey(token, Optional.of(hit))), second().lookupIfFree("k", "a", null));
        }
    }

    @Test
    void aLeaseHeldInOneOpeningIsRefusedInAnother() {
        assumeCapable(Capability.SHARED_COORDINATION);
        assumeCapable(Capability.SECOND_OPENING);
        Instant now = Instant.now();
        ResultStore other = second();
        long token = store.coordination().takeLease("shared", "one", now, now.plusSeconds(30));
        assertTrue(token > 0);
        assertEquals(-1, other.coordination().takeLease("shared", "two", now, now.plusSeconds(30)));
        assertTrue(other.coordination().tokenIs("shared", token));
        store.coordination().releaseLease("shared", "one");
        assertTrue(other.coordination().takeLease("shared", "two", now, now.plusSeconds(30)) > token);
    }

    @Test
    void presenceLapsesUnlessRenewed() {
        Coordination presence = store.coordination();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        presence.announce("a", t0.plusSeconds(1));
        if (lacks().contains(Capability.SHARED_COORDINATION)) {
            assertFalse(presence.othersAlive("b", t0), "nobody else is ever alive");
            return;
        }
        assertTrue(presence.othersAlive("b", t0));
        assertFalse(presence.othersAlive("a", t0), "an instance does not count itself");
        assertFalse(presence.othersAlive("b", t0.plusSeconds(2)), "lapsed");
        presence.announce("a", t0.plusSeconds(3));
        assertTrue(presence.othersAlive("b", t0.plusSeconds(2)), "renewed");
        if (!lacks().contains(Capability.SECOND_OPENING)) {
            assertTrue(second().coordination().othersAlive("b", t0.plusSeconds(2)));
        }
    }

    // ---------------------------------------------------------------- housekeeping

    @Test
    void deletingADispatchDeletesItsChildrenAndIndexEntriesAndPruneFreesWhatNothingUses() throws Exception {
        Housekeeping housekeeping = store.housekeeping().orElseThrow();
        StoredValue kept = value("kept");
        StoredValue doomed = value("doomed");
        StoredValue childValue = value("child");
        store.dispatchLog().createDispatch(dispatch("keep", now()), List.of(pending(0, "kk", List.of())), List.of());
        store.dispatchLog().createDispatch(dispatch("parent", now()), List.of(pending(0, "kp", List.of())), List.of());
        store.dispatchLog()
                .createDispatch(
                        Records.child("child", now(), "parent", 0), List.of(pending(0, "kc", List.of())), List.of());
        store.dispatchLog()
                .finishNode("keep", completed(0, "kk", kept, now()), kept, true)
                .get(30, TimeUnit.SECONDS);
        store.dispatchLog()
                .finishNode("parent", completed(0, "kp", doomed, now()), doomed, true)
                .get(30, TimeUnit.SECONDS);
        store.dispatchLog()
                .finishNode("child", completed(0, "kc", childValue, now()), childValue, true)
                .get(30, TimeUnit.SECONDS);
        String unusedBlob = null;
        if (!lacks().contains(Capability.BLOBS)) {
            unusedBlob =
                    store.blobs().put(new ByteArrayInputStream(bytes(5000, 9))).sha256();
        }

        assertTrue(housekeeping.deleteDispatch("parent"));
        assertFalse(housekeeping.deleteDispatch("parent"), "gone");
        assertEquals(
                List.of("keep"),
                store.dispatchLog().dispatches().stream()
                        .map(DispatchRecord::id)
                        .toList());
        assertEquals(List.of(), store.dispatchLog().nodes("child"));
        assertEquals(Optional.empty(), store.resultIndex().lookup("kp", null));
        assertEquals(Optional.empty(), store.resultIndex().lookup("kc", null));
        assertTrue(store.values().value(doomed.fingerprint()).isPresent(), "values stay until prune");

        Pruned pruned = housekeeping.prune();
        assertEquals(2, pruned.values());
        assertEquals(doomed.data().length + childValue.data().length, pruned.valueBytes());
        assertEquals(Optional.empty(), store.values().value(doomed.fingerprint()));
        assertTrue(store.values().value(kept.fingerprint()).isPresent());
        assertEquals(
                "keep", store.resultIndex().lookup("kk", null).orElseThrow().dispatchId());
        if (unusedBlob != null) {
            assertEquals(1, pruned.blobs());
            assertFalse(store.blobs().contains(unusedBlob));
        }
        housekeeping.vacuum();
        if (!lacks().contains(Capability.SIZE)) {
            assertTrue(housekeeping.storeSize() > 0);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** This opening, and a second one when the store has them. */
    private List<ResultStore> readers() {
        store.dispatchLog().checkpoint();
        return lacks().contains(Capability.SECOND_OPENING) ? List.of(store) : List.of(store, second());
    }

    protected final void assumeCapable(Capability capability) {
        assumeTrue(
                !lacks().contains(capability),
                () -> getClass().getSimpleName() + " declares its store lacks " + capability + ": "
                        + capability.meaning);
    }

    static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
